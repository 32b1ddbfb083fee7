import { DESTINATION_SYNC_MODES, SYNC_MODES } from '../messages';
import { enumSchema } from './object-schema';

export const syncModeSchema = enumSchema(SYNC_MODES);
export const destinationSyncModeSchema = enumSchema(DESTINATION_SYNC_MODES);
