export { accountCommands } from './account';
export { registerCommandTables, testOnly, type CommandHandler, type CommandTable } from './table';
