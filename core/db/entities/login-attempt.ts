import { BaseEntity, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A failed login, counted per account and per address to throttle guessing. */
@Entity('login_failures')
@Index(['email', 'at'])
@Index(['address', 'at'])
export class LoginFailure extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  email: string;

  @Column('varchar', { length: 64 })
  address: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
