import {
  BaseEntity, Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { USER_ROLES, checkIn, type UserRole } from './enums.js';
import { Country, Role } from './vocabularies.js';

/** A partner institute; IMAGE sends its name, address, country, URI and role with every record. */
@Entity('organizations')
@Index(['name', 'country'], { unique: true })
export class Organization extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  name: string;

  @Column('text', { nullable: true })
  address: string | null;

  @ManyToOne(() => Country, { nullable: true, onDelete: 'SET NULL' })
  country: Relation<Country> | null;

  @Column('varchar', { length: 512, nullable: true })
  uri: string | null;

  /** IMAGE Organization role; `submitter` unless an admin says otherwise. */
  @ManyToOne(() => Role, { nullable: true, onDelete: 'SET NULL' })
  role: Relation<Role> | null;
}

@Entity('users')
@Check(checkIn('role', USER_ROLES))
@Check(`email = lower(email)`)
export class User extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  /** Stored lower-case; unique. */
  @Column('varchar', { length: 255 })
  @Index({ unique: true })
  email: string;

  @Column('varchar', { length: 255, select: false })
  passwordHash: string;

  @Column('varchar', { length: 16, default: 'curator' })
  role: UserRole;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('varchar', { length: 255, default: '' })
  firstName: string;

  @Column('varchar', { length: 255, default: '' })
  lastName: string;

  @Column('varchar', { length: 32, nullable: true })
  initials: string | null;

  /** IMAGE Person role (a Roles term such as submitter). */
  @ManyToOne(() => Role, { nullable: true, onDelete: 'SET NULL' })
  personRole: Relation<Role> | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'SET NULL' })
  organization: Relation<Organization> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A bearer token for scripts; only its SHA-256 is stored, the token itself is shown once. */
@Entity('api_tokens')
export class ApiToken extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  name: string;

  @Column('char', { length: 64, select: false })
  @Index({ unique: true })
  tokenHash: string;

  /** First characters of the token, so a user can tell tokens apart. */
  @Column('varchar', { length: 16 })
  prefix: string;

  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  user: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
