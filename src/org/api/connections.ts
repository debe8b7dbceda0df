import { ConnectionType } from '../../graphql/connection';
import { Member } from '../entities/member.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { Post } from '../entities/post.entity';

export const OrgUnitConnection = ConnectionType(OrgUnit, 'OrgUnit', '党组织');
export const MemberConnection = ConnectionType(Member, 'Member', '党员');
export const PostConnection = ConnectionType(Post, 'Post', '职务');
