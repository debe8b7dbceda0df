import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node';

@Entity('account')
@ObjectType('Account', {
  implements: Node,
  description: '账号 — a person who signs in; what they may do comes from their grants',
})
export class Account implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Account', this.id);
  }

  @Field({ description: '用户名 — sign-in name' })
  @Column({ type: 'text' })
  username: string;

  @Field({ name: 'displayName', description: '显示名称 — name shown to others' })
  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  /** scrypt$N$r$p$salt$hash — never exposed. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Field({ description: '已停用 — a disabled account cannot sign in and its tokens stop working' })
  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ name: 'member_id', type: 'int', nullable: true })
  memberId: number | null;

  @Field({ description: '创建时间 — when the account was created' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
