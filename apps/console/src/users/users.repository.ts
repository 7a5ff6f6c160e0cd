import type { Role, UserView } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UserCredentials {
  id: string;
  username: string;
  role: Role;
  responderId?: string;
  passwordHash: string;
  tokenVersion: number;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  responderId?: string;
}

/** The unique index on lower(username): usernames are unique whatever their case. */
export const USERNAME_CONSTRAINT = 'users_username_key';

const USER_VIEW = `json_strip_nulls(json_build_object('id', u.id, 'username', u.username, 'role', u.role, 'responderId', u.responder_id))`;

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findCredentials(username: string): Promise<UserCredentials | undefined> {
    const rows: { user: UserCredentials }[] = await this.dataSource.query(
      `SELECT json_strip_nulls(json_build_object('id', u.id, 'username', u.username, 'role', u.role,
         'responderId', u.responder_id, 'passwordHash', u.password_hash, 'tokenVersion', u.token_version)) AS user
       FROM users u WHERE lower(u.username) = lower($1)`,
      [username],
    );
    return rows[0]?.user;
  }

  /** Throws a unique violation on USERNAME_CONSTRAINT when the username is taken. */
  async create(user: NewUser): Promise<UserView> {
    const rows: { user: UserView }[] = await this.dataSource.query(
      `INSERT INTO users AS u (username, password_hash, role, responder_id) VALUES ($1, $2, $3, $4) RETURNING ${USER_VIEW} AS user`,
      [user.username, user.passwordHash, user.role, user.responderId ?? null],
    );
    return rows[0]!.user;
  }

  async list(): Promise<UserView[]> {
    const rows: { user: UserView }[] = await this.dataSource.query(`SELECT ${USER_VIEW} AS user FROM users u ORDER BY lower(u.username)`);
    return rows.map((r) => r.user);
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
