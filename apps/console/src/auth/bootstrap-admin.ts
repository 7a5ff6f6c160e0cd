import { hashPassword } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';

/** Creates the first admin from BOOTSTRAP_ADMIN_USERNAME / _PASSWORD when there is no admin yet. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.BOOTSTRAP_ADMIN_USERNAME;
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!username || !password || (await this.users.adminExists())) return;
    if (await this.users.createFirstAdmin(username, await hashPassword(password))) {
      this.logger.log(`created the first admin "${username}"`);
    } else if (!(await this.users.adminExists())) {
      this.logger.warn(`no admin exists and "${username}" is taken by a non-admin user: no admin was created`);
    }
  }
}
