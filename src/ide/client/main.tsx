// The self-hosted IDE: GraphiQL with the explorer, everything served from this server (no CDN).
import { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { refreshStoredExamples, tabsFor } from './examples';
import { ExportButtons } from './export';
import { findPlugin } from './find';
import { ResultView } from './result-view';
import { authorisedFetcher, loadSession, signIn, signOut, type Session } from './session';

(globalThis as any).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    const file = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(`/ide/${file}.worker.js`);
  },
};

const explorer = explorerPlugin();

/** What the server says about itself (src/ide/serve.ts): today by its clock, and whether demo data is loaded. */
interface About {
  today: string;
  demoData: boolean;
}
const about: Promise<About> = fetch('/ide/about.json').then((r) => r.json());

function useAbout(): About | null {
  const [value, setValue] = useState<About | null>(null);
  useEffect(() => {
    about.then(setValue, () => setValue(null));
  }, []);
  return value;
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const demo = useAbout()?.demoData;
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
      {demo && (
        <p className="hint">
          演示数据：账号 analyst（县级分析员）等，密码 jiceng-demo-2026，见 README — demo data: accounts such as
          analyst, password jiceng-demo-2026 (README).
        </p>
      )}
    </form>
  );
}

function App() {
  const [session, setSession] = useState<Session | null>(loadSession());
  const today = useAbout()?.today;
  // Before GraphiQL mounts and reads its stored tabs.
  useMemo(() => today && refreshStoredExamples(localStorage, today), [today]);
  if (!session) return <SignIn onSignedIn={setSession} />;
  // The examples' periods are counted back from the server's today: wait for it.
  if (!today) return <p className="loading">加载中 Loading…</p>;
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
      <GraphiQL
        fetcher={fetcher}
        plugins={[findPlugin, explorer]}
        defaultTabs={tabsFor(today)}
        defaultEditorToolsVisibility="variables"
      >
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
        <GraphiQL.Footer>
          <ResultView />
        </GraphiQL.Footer>
      </GraphiQL>
    </div>
  );
}

createRoot(document.getElementById('ide')!).render(<App />);
