import type { EntityManager } from 'typeorm';
import type { Act } from '#module-kit';
import { ItemCategory } from '../enums';

/** What this module needs of the issue-list module, reached through the kit's `portFor`, never by importing it. */
export interface IssueListsPort {
  issues: {
    raise(
      tx: EntityManager,
      input: {
        title: string;
        description: string | null;
        category: string;
        source: 'WEEKLY_REPORT';
        sourceRef: string;
        raisedUnitId: number;
      },
      act: Act,
    ): Promise<{ nodeId: string }>;
  };
}

export const ISSUE_LISTS = 'issue-lists';

/** Report categories in the issue list's terms. */
export const ISSUE_CATEGORY: Record<ItemCategory, string> = {
  [ItemCategory.PARTY_BUILDING]: 'PARTY_BUILDING',
  [ItemCategory.ORGANISATIONAL_LIFE]: 'PARTY_BUILDING',
  [ItemCategory.SERVICE]: 'LIVELIHOOD',
  [ItemCategory.GOVERNANCE]: 'DISPUTE',
  [ItemCategory.DEVELOPMENT]: 'LIVELIHOOD',
  [ItemCategory.SUPERVISION]: 'POLICY_IMPLEMENTATION',
  [ItemCategory.OTHER]: 'OTHER',
};
