export * from './messages';
export * from './reader';
export { checkMessage } from './message-check';
