export * from './messages';
export * from './reader';
export { checkMessage } from './message-check';
export * from './schemas';
export { validateMessage, validateConfiguredCatalog, validateCatalog, validateConnectorSpecification, type DocumentValidationOptions } from './protocol-validation';
export { describeValue, type SchemaViolation } from './schema-violations';
export { isLenientDateTime, isStrictDateTime, type DateTimeFormatMode } from './date-time-formats';
export * from './record-validator';
export * from './validate-records';
