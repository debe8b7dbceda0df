// The self-hosted IDE: GraphiQL with the explorer, everything served from this server (no CDN).
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { EXAMPLES } from './examples';

(globalThis as any).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    const file = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(`/ide/${file}.worker.js`);
  },
};

const fetcher = createGraphiQLFetcher({ url: '/graphql' });
const explorer = explorerPlugin();

createRoot(document.getElementById('ide')!).render(
  <GraphiQL fetcher={fetcher} plugins={[explorer]} defaultTabs={EXAMPLES} defaultEditorToolsVisibility="variables" />,
);
