import { APP_CONFIG, type AppConfig } from '@app/config';
import { CONSOLE_ROLES, type CentreSettings } from '@app/contracts';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';

/** What the web app needs to know of the deployment: the map's tile server (MAP_TILE_URL). */
@ApiTags('centre')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/centre')
export class CentreSettingsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('settings')
  settings(): CentreSettings {
    return {
      ...(this.config.MAP_TILE_URL ? { mapTileUrl: this.config.MAP_TILE_URL } : {}),
      ...(this.config.MAP_ATTRIBUTION ? { mapAttribution: this.config.MAP_ATTRIBUTION } : {}),
    };
  }
}
