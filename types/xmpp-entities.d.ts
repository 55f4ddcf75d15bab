/**
 * The little of @xmpp/component and @xmpp/client the worker, the tests and the bench use; the
 * packages ship no declarations (see xmpp-xml.d.ts for why DefinitelyTyped's are not used).
 */
declare module '@xmpp/component' {
  import type { EventEmitter } from 'node:events';
  import type { Element } from '@xmpp/xml';

  export interface IncomingContext {
    stanza: Element;
    /** The element inside an iq query (set by the iq callee). */
    element: Element;
    name: string;
    type: string;
    id: string;
    from: { local: string; domain: string; resource: string; toString(): string } | null;
    to: { local: string; domain: string; resource: string; toString(): string } | null;
  }
  export type Middleware = (ctx: IncomingContext, next: () => Promise<unknown>) => unknown;

  export interface Entity extends EventEmitter {
    status: string;
    options: { service: string; domain: string };
    jid: { toString(): string } | null;
    /** The TCP socket while connected (@xmpp/connection-tcp). */
    socket: import('node:net').Socket | null;
    /** The stream parser class a connection instantiates (@xmpp/connection); settable per entity. */
    Parser: typeof import('@xmpp/xml').Parser;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    connect(service: string): Promise<unknown>;
    open(options: { domain: string }): Promise<unknown>;
    disconnect(timeout?: number): Promise<unknown>;
    send(element: Element): Promise<void>;
    /** Writes raw XML to the stream. */
    write(text: string): Promise<void>;
    middleware: { use(fn: Middleware): Middleware };
    iqCaller: { request(stanza: Element, timeout?: number): Promise<Element> };
    iqCallee: {
      get(ns: string, name: string, handler: (ctx: IncomingContext) => unknown): void;
      set(ns: string, name: string, handler: (ctx: IncomingContext) => unknown): void;
    };
    reconnect: EventEmitter & { stop(): void; delay: number };
  }
  export type Component = Entity;

  export function component(options: { service: string; domain: string; password: string }): Component;
}

declare module '@xmpp/client' {
  import type { Entity } from '@xmpp/component';

  export type Client = Entity & { jid: { toString(): string; bare(): { toString(): string } } | null };
  export function client(options: { service: string; domain: string; username?: string; password?: string; resource?: string }): Client;
}
