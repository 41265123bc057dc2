import * as vscode from 'vscode';
import { Redactor } from './core/redaction';

/**
 * The one "Stitch" log channel. Everything written through it passes the redactor,
 * so a token or credential value that slips into a message is replaced, not printed.
 */
export class StitchLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(readonly redactor: Redactor) {
    this.channel = vscode.window.createOutputChannel('Stitch', { log: true });
  }

  info(message: string): void { this.channel.info(this.redactor.redact(message)); }
  warn(message: string): void { this.channel.warn(this.redactor.redact(message)); }
  error(message: string): void { this.channel.error(this.redactor.redact(message)); }
  debug(message: string): void { this.channel.debug(this.redactor.redact(message)); }
  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
