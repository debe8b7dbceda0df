// The self-hosted IDE: GraphiQL with the explorer, everything served from this server (no CDN).
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { EXAMPLES } from './examples';
import { ExportButtons } from './export';
import { authorisedFetcher, loadSession, signIn, signOut, type Session } from './session';

(globalThis as any).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    const file = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(`/ide/${file}.worker.js`);
  },
};

const explorer = explorerPlugin();

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="signin"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await signIn(username, password);
        if (typeof result === 'string') setProblem(result);
        else onSignedIn(result);
      }}
    >
      <h1>基层 Jiceng</h1>
      <p>登录后使用 GraphQL 查询 — sign in to explore the API</p>
      <input
        aria-label="username"
        placeholder="用户名 username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        autoFocus
      />
      <input
        aria-label="password"
        placeholder="密码 password"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit">登录 Sign in</button>
      {problem && <p className="problem">{problem}</p>}
      <p className="hint">演示账号见 README — demo accounts are listed in the README.</p>
    </form>
  );
}

function App() {
  const [session, setSession] = useState<Session | null>(loadSession());
  if (!session) return <SignIn onSignedIn={setSession} />;
  const fetcher = authorisedFetcher(() => setSession(null));
  return (
    <div className="ide">
      <div className="bar">
        <span>基层 Jiceng — {session.username}</span>
        <button
          onClick={async () => {
            await signOut();
            setSession(null);
          }}
        >
          退出 Sign out
        </button>
      </div>
      <GraphiQL fetcher={fetcher} plugins={[explorer]} defaultTabs={EXAMPLES} defaultEditorToolsVisibility="variables">
        <GraphiQL.Toolbar>
          {({ prettify, merge, copy }) => (
            <>
              {prettify}
              {merge}
              {copy}
              <ExportButtons />
            </>
          )}
        </GraphiQL.Toolbar>
      </GraphiQL>
    </div>
  );
}

createRoot(document.getElementById('ide')!).render(<App />);
