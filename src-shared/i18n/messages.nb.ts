import type { Catalogue } from './messages.en';

// Typed as `Catalogue` so a missing key fails the typecheck and an extra key is an excess property.
import { attentionNb } from './attention.nb';
import { accountsNb } from './accounts.nb';
import { composeNb } from './compose.nb';
import { returnsNb } from './returns.nb';
import { cliNb } from './cli.nb';
import { cliDirectNb } from './cli-direct.nb';
import { coreNb } from './core.nb';
import { failuresNb } from './failures.nb';
import { generalNb } from './general.nb';
import { jobPagesNb } from './job-pages.nb';
import { verificationNb } from './verification.nb';
import { syncNb } from './sync.nb';
import { saveFolderNb } from './save-folder.nb';
import { signersNb } from './signers.nb';
import { removalNb } from './removal.nb';
import { safetyNb } from './safety.nb';
import { inputChecksNb } from './input-checks.nb';
import { leftoversNb } from './leftovers.nb';
import { directNb } from './direct.nb';
import { restPkiNb } from './restpki.nb';
import { webHostNb } from './web-host.nb';
import { tridentNb } from './trident.nb';

export const nb: Catalogue = {
  ...composeNb,
  ...returnsNb,
  ...jobPagesNb,
  ...coreNb,
  ...cliNb,
  ...cliDirectNb,
  ...failuresNb,
  ...generalNb,
  ...verificationNb,
  ...syncNb,
  ...saveFolderNb,
  ...signersNb,
  ...attentionNb,
  ...accountsNb,
  ...removalNb,
  ...safetyNb,
  ...inputChecksNb,
  ...leftoversNb,
  ...directNb,
  ...restPkiNb,
  ...webHostNb,
  ...tridentNb,
  'app.name': 'Signing Desk',
  'app.skipToContent': 'Hopp til hovedinnholdet',
  'app.loading': 'Laster …',
  'app.pageTitle': '{page} – Signing Desk',

  'nav.label': 'Hovedmeny',
  'nav.jobs': 'Oppdrag',
  'nav.compose': 'Nytt oppdrag',
  'nav.accounts': 'Kontoer',
  'nav.settings': 'Innstillinger',

  'connection.reconnecting': 'Forbindelsen til Signing Desk ble brutt. Kobler til igjen …',
  'connection.unreachable':
    'Får ikke kontakt med Signing Desk. Hvis du startet appen på nytt, åpner du den nye lenken den skrev ut. Prøver fortsatt …',
  'connection.noToken': 'Åpne Signing Desk fra lenken appen skrev ut da den startet.',
  'connection.noTokenDetail': 'Siden trenger tilgangsnøkkelen i den lenken for å snakke med appen.',

  'jobs.title': 'Oppdrag',
  'jobs.filters': 'Filtrer oppdrag',
  'jobs.filter.inProgress': 'Pågår',
  'jobs.filter.needsAttention': 'Krever oppfølging',
  'jobs.filter.completed': 'Fullført',
  'jobs.filter.drafts': 'Utkast',
  'jobs.filter.all': 'Alle',
  'jobs.search': 'Søk i oppdrag',
  'jobs.searchPlaceholder': 'Søk i tittel, referanse eller undertegner',
  'jobs.empty.title': 'Ingen oppdrag ennå',
  'jobs.empty.body': 'Oppdrag du sender til signering vises her, med fremdriften til hver undertegner.',
  'jobs.empty.action': 'Lag et oppdrag',
  'jobs.noMatch.title': 'Ingen oppdrag passer',
  'jobs.noMatch.body': 'Prøv et annet filter eller søk.',
  'jobs.column.title': 'Tittel',
  'jobs.column.status': 'Status',
  'jobs.column.progress': 'Undertegnere',
  'jobs.column.updated': 'Oppdatert',
  'jobs.progress': '{signed} av {total} har signert',
  'jobs.noSigners': 'Ingen undertegnere',
  'jobs.showing': 'Viser {shown} av {total}',
  'jobs.showMore': 'Vis flere',
  'jobs.loadError': 'Kunne ikke hente oppdrag: {message}',
  'jobs.retry': 'Prøv igjen',

  'status.draft': 'Utkast',
  'status.queued': 'I kø',
  'status.sending': 'Sendes',
  'status.expired': 'Utløpt',
  'status.outcome_unknown': 'Uvisst utfall',
  'status.rejected': 'Avvist av tjenesten',
  'status.in_progress': 'Pågår',
  'status.completed': 'Fullført',
  'status.failed': 'Mislyktes',
  'status.cancelled': 'Avbrutt',

  'compose.title': 'Nytt oppdrag',

  'accounts.title': 'Kontoer',
  'accounts.empty.title': 'Ingen kontoer ennå',
  'accounts.empty.body':
    'En konto kobler Signing Desk til en signeringstjeneste. Legg til en med virksomhetssertifikatet til organisasjonen.',
  'accounts.column.name': 'Navn',
  'accounts.column.service': 'Tjeneste',
  'accounts.column.environment': 'Miljø',
  'accounts.column.organization': 'Organisasjonsnummer',
  'accounts.column.lastSync': 'Sist synkronisert',
  'accounts.demo': 'Demo',
  'accounts.never': 'Aldri',
  'accounts.loadError': 'Kunne ikke hente kontoer: {message}',
  'provider.posten': 'Posten signering',
  'provider.restpki': 'Rest PKI Core',
  'provider.trident': 'TRIDENT',
  'environment.production': 'Produksjon',
  'environment.test': 'Test',
  'environment.qa': 'QA',
  'environment.custom': 'Egendefinert',

  'settings.title': 'Innstillinger',
  'settings.appearance': 'Språk og utseende',
  'settings.language': 'Språk',
  'settings.language.system': 'System',
  'settings.language.nb': 'Norsk bokmål',
  'settings.language.en': 'English',
  'settings.theme': 'Tema',
  'settings.theme.system': 'System',
  'settings.theme.light': 'Lyst',
  'settings.theme.dark': 'Mørkt',
  'settings.saveError': 'Kunne ikke lagre innstillingen: {message}',
  'settings.about': 'Om denne installasjonen',
  'settings.version': 'Versjon',
  'settings.host': 'Kjører som',
  'settings.host.electron': 'Skrivebordsapp',
  'settings.host.web': 'Nettleser (lokal webvert)',
  'settings.host.memory': 'I prosessen (tester)',
  'settings.host.cli': 'Kommandolinje',
  'settings.dataDir': 'Datamappe',
  'settings.database': 'Database',
  'settings.secretStorage': 'Lagring av hemmeligheter',
  'settings.secretStorage.os-keychain': 'Operativsystemets nøkkellager',
  'settings.secretStorage.file-insecure': 'En fil i datamappen (ikke kryptert)',
  'settings.secretStorage.memory': 'Bare i minnet (beholdes ikke)',
  'settings.insecureWarning':
    'Passord og nøkler lagres ukryptert i datamappen. Bruk skrivebordsappen for ekte kontoer, eller hold mappen privat.',

  'toast.region': 'Varsler',
  'toast.dismiss': 'Lukk varselet',
  'toast.open': 'Åpne',

  'error.generic': 'Noe gikk galt: {message}',
  'error.transport': 'Fikk ikke kontakt med Signing Desk.',
};
