import type { Role, UserView } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/returned-rows';

export interface UserCredentials {
  id: string;
  username: string;
  role: Role;
  responderId?: string;
  passwordHash: string;
  tokenVersion: number;
  disabled: boolean;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  responderId?: string;
  districts?: readonly string[];
}

/** The unique index on lower(username): usernames are unique whatever their case. */
export const USERNAME_CONSTRAINT = 'users_username_key';

const USER_VIEW = `json_strip_nulls(json_build_object('id', u.id, 'username', u.username, 'role', u.role, 'responderId', u.responder_id,
  'districts', u.districts, 'disabled', u.disabled))`;

/** What `PATCH /v1/users/:id` may change. */
export interface UserChange {
  role?: Role;
  districts?: string[];
  disabled?: boolean;
}

/** Why a change was refused, or the user as it is now and whether its sessions had to end. */
export type UserChangeResult =
  | { outcome: 'changed'; user: UserView; sessionsEnded: boolean }
  | { outcome: 'not_found' }
  | { outcome: 'responder_link'; from: Role; to: Role }
  | { outcome: 'last_admin' };

/** Serialises the changes that can remove an admin, so two admins disabling each other cannot both win. */
const ADMINS_LOCK = `SELECT pg_advisory_xact_lock(hashtext('heartkey-users-admins'))`;

/** Thrown inside the change transaction so that it rolls back; never leaves the repository. */
class LastAdminRefusal extends Error {}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findCredentials(username: string): Promise<UserCredentials | undefined> {
    const rows: { user: UserCredentials }[] = await this.dataSource.query(
      `SELECT json_strip_nulls(json_build_object('id', u.id, 'username', u.username, 'role', u.role,
         'responderId', u.responder_id, 'passwordHash', u.password_hash, 'tokenVersion', u.token_version, 'disabled', u.disabled)) AS user
       FROM users u WHERE lower(u.username) = lower($1)`,
      [username],
    );
    return rows[0]?.user;
  }

  /** Throws a unique violation on USERNAME_CONSTRAINT when the username is taken. */
  async create(user: NewUser): Promise<UserView> {
    const rows: { user: UserView }[] = await this.dataSource.query(
      `INSERT INTO users AS u (username, password_hash, role, responder_id, districts) VALUES ($1, $2, $3, $4, $5::text[]) RETURNING ${USER_VIEW} AS user`,
      [user.username, user.passwordHash, user.role, user.responderId ?? null, [...new Set(user.districts ?? [])]],
    );
    return rows[0]!.user;
  }

  async list(): Promise<UserView[]> {
    const rows: { user: UserView }[] = await this.dataSource.query(`SELECT ${USER_VIEW} AS user FROM users u ORDER BY lower(u.username)`);
    return rows.map((r) => r.user);
  }

  /**
   * Changes role, districts or the disabled flag in one transaction that refuses to leave no
   * enabled admin. Another role or disabling raises the token version, so that no token issued
   * before survives (not even after a later re-enable or change back).
   */
  async change(id: string, change: UserChange): Promise<UserChangeResult> {
    return this.dataSource
      .transaction(async (tx): Promise<UserChangeResult> => {
        await tx.query(ADMINS_LOCK);
        const before: { role: Role; disabled: boolean }[] = await tx.query('SELECT role, disabled FROM users WHERE id = $1 FOR UPDATE', [id]);
        const current = before[0];
        if (!current) return { outcome: 'not_found' };
        const role = change.role ?? current.role;
        // A responder account is tied to its responder (a CHECK in the schema); other roles to none.
        if ((role === 'responder') !== (current.role === 'responder')) return { outcome: 'responder_link', from: current.role, to: role };
        const disabled = change.disabled ?? current.disabled;
        const sessionsEnded = role !== current.role || (disabled && !current.disabled);
        const updated: unknown = await tx.query(
          `UPDATE users AS u SET role = $2, disabled = $3, districts = COALESCE($4::text[], districts),
           token_version = token_version + $5
         WHERE id = $1 RETURNING ${USER_VIEW} AS user`,
          [id, role, disabled, change.districts ?? null, sessionsEnded ? 1 : 0],
        );
        const admins: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`);
        // Throwing rolls the update back.
        if (admins[0]!.n === 0) throw new LastAdminRefusal();
        return { outcome: 'changed', user: returnedRows<{ user: UserView }>(updated)[0]!.user, sessionsEnded };
      })
      .catch((error: unknown) => {
        if (error instanceof LastAdminRefusal) return { outcome: 'last_admin' } as const;
        throw error;
      });
  }

  async adminExists(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }

  /**
   * Creates the first admin unless an admin exists. Replicas starting together may all try:
   * the unique username index lets exactly one insert win, the others do nothing.
   */
  async createFirstAdmin(username: string, passwordHash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO users (username, password_hash, role)
       SELECT $1, $2, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin')
       ON CONFLICT DO NOTHING RETURNING id`,
      [username, passwordHash],
    );
    return rows.length === 1;
  }
}
