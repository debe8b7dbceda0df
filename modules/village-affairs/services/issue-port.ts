import type { EntityManager } from 'typeorm';
import type { Act } from '#module-kit';

/** What this module needs of the issue-list module, reached through the kit's `portFor`, never by importing it. */
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
      act: Act,
    ): Promise<{ nodeId: string }>;
  };
}

export const ISSUE_LISTS = 'issue-lists';
