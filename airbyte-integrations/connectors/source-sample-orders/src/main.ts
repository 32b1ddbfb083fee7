import { AirbyteTraceFailureType } from 'faros-airbyte-cdk';
import { ConfigurationError } from './config';
import { StandardProtocolLogger } from './protocol-bridge';
import { mainCommand } from './source';

const logger = new StandardProtocolLogger();

mainCommand(logger)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Every failure ends in one TRACE ERROR, as the protocol asks, and a non-zero exit.
    const failureType = error instanceof ConfigurationError ? AirbyteTraceFailureType.CONFIG_ERROR : AirbyteTraceFailureType.SYSTEM_ERROR;
    logger.traceError(error, failureType);
    process.exitCode = 1;
  });
