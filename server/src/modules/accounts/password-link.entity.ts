import { Entity, Enum, Index, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { NodeEntity } from '../../common/node.entity.ts';
import { User } from './user.entity.ts';

export enum PasswordLinkPurpose {
  /** A new account sets its first password. */
  INVITATION = 'INVITATION',
  /** A forgotten password is replaced. */
  RESET = 'RESET',
}

/**
 * A one-time link that sets an account's password. Only the SHA-256 of its secret is stored; it
 * expires, and using it (or issuing a newer one) ends it.
 */
@Entity()
@Index({ properties: ['user'] })
export class PasswordLink extends NodeEntity {
  @Property({ type: 'text' })
  @Unique()
  tokenHash!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Enum({ items: () => PasswordLinkPurpose, nativeEnumName: 'password_link_purpose' })
  purpose!: PasswordLinkPurpose;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** The administrator who issued it; none when the person asked for it at the sign-in page. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  issuedBy?: Ref<User>;
}
