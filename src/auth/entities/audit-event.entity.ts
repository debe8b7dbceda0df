import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLScalarType } from 'graphql';
import GraphQLJSON from 'graphql-type-json';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node';

const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'JSON 值 — any JSON value (object, array, string, number, boolean or null)',
});

/** Who did what, when, to what, with which (redacted) input, and how it ended. Never updated. */
@Entity('audit_event')
@ObjectType('AuditEvent', {
  implements: Node,
  description: '审计记录 — one mutation: who, when, what, on which objects, and the outcome',
})
export class AuditEvent implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('AuditEvent', this.id);
  }

  @Field({ description: '时间 — when it happened' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'int', nullable: true })
  actorId: number | null;

  @Field({ description: '操作 — the mutation, e.g. createMember' })
  @Column({ type: 'text' })
  operation: string;

  @Field(() => [String], { description: '对象 — global ids of the objects it named or changed' })
  @Column({ name: 'target_ids', type: 'text', array: true })
  targetIds: string[];

  /** Paths of the units checked for access, so administrators see the events under their units. */
  @Column({ name: 'unit_paths', type: 'text', array: true })
  unitPaths: string[];

  @Field(() => JSONScalar, { description: '输入 — the input as sent, personal fields redacted' })
  @Column({ type: 'jsonb' })
  input: Record<string, unknown>;

  @Field({ description: '结果 — OK, REJECTED (userErrors, nothing written) or DENIED (no access)' })
  @Column({ type: 'text' })
  outcome: string;

  @Field(() => [String], { description: '错误代码 — codes of the user errors or of the denial' })
  @Column({ name: 'error_codes', type: 'text', array: true })
  errorCodes: string[];

  @Field(() => String, { nullable: true, description: '请求标识 — the request id, to match server logs' })
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
