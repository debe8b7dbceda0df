import { type App, servicesOf } from '#module-kit';
import { InspectionService } from './inspection.service';
import { IssueService } from './issue.service';

export const MODULE = 'issue-lists';

/** Also what other modules reach through the registry (e.g. weekly reports raising issues). */
export interface IssueListsServices {
  issues: IssueService;
  inspections: InspectionService;
}

export function createServices(app: App): IssueListsServices {
  const issues = new IssueService(app.figures);
  return { issues, inspections: new InspectionService(issues, app.figures) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<IssueListsServices>(MODULE);
