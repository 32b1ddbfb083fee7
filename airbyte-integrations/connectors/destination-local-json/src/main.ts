import { AirbyteLogger, AirbyteTraceFailureType } from 'faros-airbyte-cdk';
import { ConfigurationError } from './config';
import { mainCommand } from './destination';

const logger = new AirbyteLogger();

mainCommand(logger)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Every failure ends in one TRACE ERROR, as the protocol asks, and a non-zero exit.
    const failureType = error instanceof ConfigurationError ? AirbyteTraceFailureType.CONFIG_ERROR : AirbyteTraceFailureType.SYSTEM_ERROR;
    logger.traceError(error, failureType);
    process.exitCode = 1;
  });
