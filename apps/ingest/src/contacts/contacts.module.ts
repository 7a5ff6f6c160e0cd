import { Module } from '@nestjs/common';
import { DeviceContacts } from './device-contacts';

/** One writer of device contacts per ingest instance, shared by the HTTP API and the TCP gateway. */
@Module({ providers: [DeviceContacts], exports: [DeviceContacts] })
export class ContactsModule {}
