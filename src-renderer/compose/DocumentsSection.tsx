import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { postenLimits } from '../../src-shared/domain';
import { useLanguage, useT } from '../app/store-context';
import { Icon } from '../components/Icon';
import { FieldError, Section, TextField, domId } from './fields';
import { moveItem, type ComposeDocument, type ComposeForm } from './model';
import { acceptedFiles, hasFiles } from './read-file';
import { focusSoon } from './focus';
import type { FieldErrors } from './validation';

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/**
 * Files dropped anywhere on the window land here: the whole window is the drop target (a small
 * zone is hard to hit), and the zone lights up while a file is dragged over the window.
 */
function useWindowFileDrop(onFiles: (files: File[]) => void) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);
  const onFilesRef = useRef(onFiles);
  useEffect(() => {
    onFilesRef.current = onFiles;
  });
  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setActive(true);
    };
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Without this the browser would open the PDF in place of the app.
      event.preventDefault();
      depth.current = 0;
      setActive(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0) onFilesRef.current(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return active;
}

export function DocumentsSection(props: {
  form: ComposeForm;
  errors: FieldErrors;
  addFiles(files: File[]): void;
  setDocuments(update: (documents: ComposeDocument[]) => ComposeDocument[]): void;
  touch(field: string): void;
}) {
  const t = useT();
  const inputId = useId();
  const dragging = useWindowFileDrop(props.addFiles);
  const { documents } = props.form;
  const pages = documents.reduce((sum, d) => sum + (d.pageCount ?? 0), 0);

  const move = (index: number, direction: -1 | 1, focusTarget: string) => {
    if (index + direction < 0 || index + direction >= documents.length) return;
    props.setDocuments((list) => moveItem(list, index, direction));
    focusSoon(focusTarget, domId(`doc:${documents[index].key}:title`));
  };

  return (
    <Section id="compose-documents" title={t('compose.documents.title')} description={t('compose.documents.description')}>
      <div className={`cmp-dropzone${dragging ? ' cmp-dropzone--active' : ''}`} data-testid="drop-zone">
        <Icon name="inbox" size={26} />
        <p className="cmp-dropzone__text">{dragging ? t('compose.documents.dropNow') : t('compose.documents.dropHere')}</p>
        <input
          id={inputId}
          className="cmp-file-input"
          type="file"
          multiple
          accept={acceptedFiles}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            if (files.length > 0) props.addFiles(files);
          }}
        />
        <label htmlFor={inputId} className="button cmp-file-label">
          {t('compose.documents.choose')}
        </label>
        <p className="cmp-hint">{t('compose.documents.rules', { max: postenLimits.documents })}</p>
      </div>
      <FieldError id={`${domId('documents')}-error`} message={props.errors.documents} />
      {documents.length > 0 && (
        <>
          <p className="cmp-summary-line" aria-live="polite">
            {pages === 0
              ? t.plural('count.documents', documents.length)
              : t('compose.documents.count', { documents: t.plural('count.documents', documents.length), pages: t.plural('count.pages', pages) })}
          </p>
          <ol className="cmp-doc-list" aria-label={t('compose.documents.listLabel')}>
            {documents.map((document, index) => (
              <DocumentRow
                key={document.key}
                document={document}
                index={index}
                total={documents.length}
                problem={props.errors[`doc:${document.key}`]}
                titleError={props.errors[`doc:${document.key}:title`]}
                onTitle={(title) => props.setDocuments((list) => list.map((d) => (d.key === document.key ? { ...d, title } : d)))}
                onBlur={() => props.touch(`doc:${document.key}:title`)}
                onMove={(direction, focusTarget) => move(index, direction, focusTarget)}
                onRemove={() => {
                  props.setDocuments((list) => list.filter((d) => d.key !== document.key));
                  const neighbour = documents[index + 1] ?? documents[index - 1];
                  focusSoon(neighbour ? domId(`doc:${neighbour.key}:title`) : inputId);
                }}
              />
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

function DocumentRow(props: {
  document: ComposeDocument;
  index: number;
  total: number;
  problem: string | undefined;
  titleError: string | undefined;
  onTitle(title: string): void;
  onBlur(): void;
  onMove(direction: -1 | 1, focusTarget: string): void;
  onRemove(): void;
}) {
  const t = useT();
  const language = useLanguage();
  const { document, index, total } = props;
  const name = document.title || document.fileName;
  const rowId = domId(`doc:${document.key}`);
  const staging = document.progress !== null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const target = (event.target as HTMLElement).id || domId(`doc:${document.key}:title`);
    props.onMove(event.key === 'ArrowUp' ? -1 : 1, target);
  };

  return (
    <li className={`cmp-doc${props.problem && !staging ? ' cmp-doc--problem' : ''}`} onKeyDown={onKeyDown} data-testid="document-row">
      <div className="cmp-doc__position" aria-hidden="true">
        {index + 1}
      </div>
      <div className="cmp-doc__main">
        <div className="cmp-doc__meta">
          <span className="cmp-doc__file">{document.fileName}</span>
          <span className="muted">{formatBytes(document.size, language === 'nb' ? 'nb-NO' : 'en-GB')}</span>
          {document.pageCount !== null && <span className="muted">{t.plural('count.pages', document.pageCount)}</span>}
        </div>
        <TextField
          field={`doc:${document.key}:title`}
          label={t('compose.documents.docTitle', { position: index + 1 })}
          value={document.title}
          max={postenLimits.documentTitleLength}
          error={props.titleError}
          onChange={props.onTitle}
          onBlur={props.onBlur}
        />
        {staging && (
          <div className="cmp-doc__progress">
            <progress
              className="progress"
              max={1}
              value={document.progress ?? 0}
              aria-label={t('compose.documents.staging', { name: document.fileName })}
            />
            <span className="muted">{t('compose.documents.stagingShort')}</span>
          </div>
        )}
        {!staging && <FieldError id={`${rowId}-problem`} message={props.problem} />}
        {!staging &&
          (document.warnings ?? []).map((warning) => (
            <p key={warning} id={`${rowId}-${warning}`} className="cmp-warning" data-testid="document-warning">
              <Icon name="warning" size={16} />
              <span>{t(warning === 'javascript' ? 'compose.doc.warning.javascript' : 'compose.doc.warning.embeddedFiles')}</span>
            </p>
          ))}
      </div>
      <div className="cmp-row-actions">
        <button
          type="button"
          id={`${rowId}-up`}
          className="icon-button"
          aria-label={t('compose.documents.moveUp', { name })}
          title={t('compose.documents.moveUp', { name })}
          disabled={index === 0}
          onClick={() => props.onMove(-1, `${rowId}-up`)}
        >
          <Arrow up />
        </button>
        <button
          type="button"
          id={`${rowId}-down`}
          className="icon-button"
          aria-label={t('compose.documents.moveDown', { name })}
          title={t('compose.documents.moveDown', { name })}
          disabled={index === total - 1}
          onClick={() => props.onMove(1, `${rowId}-down`)}
        >
          <Arrow />
        </button>
        <button
          type="button"
          className="icon-button cmp-remove"
          aria-label={t('compose.documents.remove', { name })}
          title={t('compose.documents.remove', { name })}
          onClick={props.onRemove}
        >
          <Icon name="close" size={18} />
        </button>
      </div>
    </li>
  );
}

export function Arrow({ up }: { up?: boolean }) {
  return (
    <svg className="icon" width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={up ? 'M12 19V5M5 12l7-7 7 7' : 'M12 5v14M19 12l-7 7-7-7'} />
    </svg>
  );
}
