import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { NoTokenScreen } from './app/NoTokenScreen';
import { StoreProvider } from './app/store-context';
import { connectBridge } from './bridge';
import { createAppStore } from './state/app-store';
import { prefetchFirstJobPage } from './job/useJobPages';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
const transport = connectBridge(window);

if (transport.kind === 'no-token') {
  root.render(<NoTokenScreen />);
} else {
  const store = createAppStore({ bridge: transport.bridge, connection: transport.connection, win: window });
  if (store.getState().route === 'jobs') prefetchFirstJobPage(transport.bridge);
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
