/**
 * The one place where commands are registered.
 *
 * Each module that owns commands exports a function returning a `CommandTable`: command ids mapped
 * to handlers. `extension.ts` collects every table and calls `registerCommandTables` once, so a new
 * command is one line in its module's table (plus its entry in package.json `contributes.commands`
 * and a title in package.nls.json). Nothing else calls `vscode.commands.registerCommand`.
 *
 *   // src/panels/foo/index.ts
 *   export function fooCommands(services: Services, panels: FooPanels): CommandTable {
 *     return { 'stitch.openFoo': (arg?: unknown) => panels.open(sourceIdOf(arg)) };
 *   }
 *   // src/extension.ts
 *   ...registerCommandTables([accountCommands(services), fooCommands(services, panels), ...]),
 *
 * Handlers receive what VS Code passes: a tree node, an argument object or nothing (the palette);
 * parse "a source id or a tree node" with `sourceIdOf` / `resolveSourceId` (src/sourcePicker.ts).
 * Test-only commands go in a table that is included only when
 * `context.extensionMode === vscode.ExtensionMode.Test` (see `testOnly`).
 */
import * as vscode from 'vscode';

/** VS Code passes anything to a command: handlers take `unknown` (or nothing) and check it. */
export type CommandHandler = (...args: never[]) => unknown;
export type CommandTable = Readonly<Record<string, CommandHandler>>;

/** Registers every table's commands; an id in two tables is a programming error and throws at activation. */
export function registerCommandTables(tables: readonly CommandTable[]): vscode.Disposable[] {
  const seen = new Set<string>();
  const disposables: vscode.Disposable[] = [];
  for (const table of tables) {
    for (const [id, handler] of Object.entries(table)) {
      if (seen.has(id)) throw new Error(`Command ${id} is registered twice`);
      seen.add(id);
      disposables.push(vscode.commands.registerCommand(id, handler));
    }
  }
  return disposables;
}

/** `table` in Test mode (the vscode test tier, the bench's agent), an empty table otherwise. */
export function testOnly(context: vscode.ExtensionContext, table: () => CommandTable): CommandTable {
  return context.extensionMode === vscode.ExtensionMode.Test ? table() : {};
}
