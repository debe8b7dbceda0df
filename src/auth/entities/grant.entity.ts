import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node';
import { Role } from '../roles';

/** A role on a unit, covering its subtree; no unit means the whole deployment. */
@Entity('access_grant')
@ObjectType('Grant', { implements: Node, description: '授权 — a role held on a unit and everything under it' })
export class Grant implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Grant', this.id);
  }

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @Field(() => Role, { description: '角色 — the role' })
  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'granted_by', type: 'int', nullable: true })
  grantedBy: number | null;

  @Field({ description: '授权时间 — when it was granted' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: '撤销时间 — when it was revoked; null while in force' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
