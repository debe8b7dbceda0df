import { Field, ObjectType } from 'type-graphql';
import { UserError } from '#module-kit';
import { Inspection } from '../entities/inspection.entity';
import { Issue } from '../entities/issue.entity';
import { KeyRectification } from '../entities/key-rectification.entity';

@ObjectType({ description: '问题变更结果 — the issue after the change, or why nothing changed' })
export class IssuePayload {
  @Field(() => Issue, { nullable: true, description: '问题 — the issue; null when userErrors is not empty' })
  issue?: Issue | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '督导变更结果 — the inspection after the change' })
export class InspectionPayload {
  @Field(() => Inspection, { nullable: true, description: '督导 — the inspection; null when userErrors is not empty' })
  inspection?: Inspection | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '重点整改变更结果 — the mark after the change' })
export class KeyRectificationPayload {
  @Field(() => KeyRectification, {
    nullable: true,
    description: '重点整改 — the mark; null when userErrors is not empty',
  })
  keyRectification?: KeyRectification | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
