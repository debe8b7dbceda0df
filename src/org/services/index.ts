import type { Policy } from '../../policy';
import type { FiguresEngine } from '../../figures/engine';
import type { EntityManager } from 'typeorm';
import type { MemberMove } from '../member-moves';
import { MemberImportService } from './member-import.service';
import { MemberService } from './member.service';
import { OrgUnitService } from './org-unit.service';
import { PostService } from './post.service';

/** The tree's write services, built once per process. */
export interface OrgServices {
  units: OrgUnitService;
  members: MemberService;
  posts: PostService;
  imports: MemberImportService;
}

export function createOrgServices(
  policy: Policy,
  figures: FiguresEngine,
  moved?: (tx: EntityManager, move: MemberMove) => Promise<void>,
): OrgServices {
  const members = new MemberService(moved);
  return {
    units: new OrgUnitService(figures),
    members,
    posts: new PostService(policy),
    imports: new MemberImportService(members),
  };
}
