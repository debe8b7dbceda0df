import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Member } from '../entities/member.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { Post } from '../entities/post.entity';

@ObjectType({ description: '党组织变更结果 — the unit as it is after the mutation, or why nothing changed' })
export class OrgUnitPayload {
  @Field(() => OrgUnit, {
    nullable: true,
    description: '党组织 — the unit after the change; null when userErrors is not empty',
  })
  orgUnit?: OrgUnit | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '党员变更结果 — the member as it is after the mutation, or why nothing changed' })
export class MemberPayload {
  @Field(() => Member, {
    nullable: true,
    description: '党员 — the member after the change; null when userErrors is not empty',
  })
  member?: Member | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '职务变更结果 — the post as it is after the mutation, or why nothing changed' })
export class PostPayload {
  @Field(() => Post, {
    nullable: true,
    description: '职务 — the post after the change; null when userErrors is not empty',
  })
  post?: Post | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
