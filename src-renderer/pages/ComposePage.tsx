import { useEffect, useState } from 'react';
import { draftIdFromHash } from '../compose/model';
import { ComposeView } from '../compose/ComposeView';

/** `#/compose?draft=ID` opens a saved draft; a new draft id in the address starts a fresh form. */
export function ComposePage() {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onHashChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return <ComposeView key={draftIdFromHash(hash) ?? 'new'} hash={hash} />;
}
