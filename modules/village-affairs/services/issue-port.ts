import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../../src/graphql/scalars';

/**
 * What this module needs of the issue-list module, reached through the registry
 * (`ctx.app.moduleServices.get('issue-lists')`), never by importing it.
 */
export interface IssueListsPort {
  issues: {
    raise(
      tx: EntityManager,
      input: {
        title: string;
        description: string | null;
        category: string;
        source: 'SUGGESTION';
        sourceRef: string;
        raisedUnitId: number;
      },
      actorId: number | null,
      today: LocalDate,
    ): Promise<{ nodeId: string }>;
  };
}

export const ISSUE_LISTS = 'issue-lists';
