import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { LocalDate } from './graphql/scalars';
import { LoaderRegistry } from './graphql/loaders';
import type { ModuleRegistry } from './module-system/registry';
import type { ModuleEnablementService } from './module-system/services/module-enablement.service';
import type { OrgServices } from './org/services';
import type { Policy } from './policy';
import { todayIn } from './calendar';
import { Access, type Viewer } from './auth/access';
import type { AuthService } from './auth/services/auth.service';

/** Everything a process builds once at start-up and every request shares. */
export interface App {
  config: Config;
  db: DataSource;
  log: Logger;
  policy: Policy;
  registry: ModuleRegistry;
  org: OrgServices;
  modules: ModuleEnablementService;
  /** GraphQL type name → entity class, for `node(id)`. */
  nodeTypes: Map<string, Function>;
  auth: AuthService;
  /** Each installed module's services, by module name (see defineModule's `services`). */
  moduleServices: Map<string, unknown>;
}

/** What the current mutation did about access, for the audit log (reset per mutation field). */
export interface AuditState {
  operation: string;
  /** Set by requireUnit: a mutation that never checked access fails closed. */
  checked: boolean;
  unitPaths: string[];
}

/** What one GraphQL request sees. */
export interface Context {
  app: App;
  requestId: string;
  loaders: LoaderRegistry;
  /** The business day of the request, in the deployment's time zone. */
  today: LocalDate;
  access: Access;
  audit: AuditState;
  /** The caller's address, for throttling sign-ins. */
  clientAddress: string;
}

export function createContext(app: App, requestId: string, viewer: Viewer | null = null, clientAddress = 'local'): Context {
  return {
    app,
    requestId,
    loaders: new LoaderRegistry(app.db),
    today: todayIn(app.config.timeZone),
    access: new Access(viewer),
    audit: { operation: 'unknown', checked: false, unitPaths: [] },
    clientAddress,
  };
}
