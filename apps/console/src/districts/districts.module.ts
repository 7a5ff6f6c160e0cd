import { Global, Module } from '@nestjs/common';
import { DistrictGate } from './district-gate';
import { DistrictsController } from './districts.controller';

/** District scoping for every feature module (global: a feature only injects DistrictGate, and uses `@Scope()`). */
@Global()
@Module({
  controllers: [DistrictsController],
  providers: [DistrictGate],
  exports: [DistrictGate],
})
export class DistrictsModule {}
