/**
 * The little of @xmpp/xml (ltx elements) the server code uses; the package ships no declarations,
 * and DefinitelyTyped's @types/xmpp__xml redefines the global JSX namespace, which breaks React's.
 */
declare module '@xmpp/xml' {
  import { EventEmitter } from 'node:events';

  type Child = Element | string | null | undefined | false;
  type Attributes = Record<string, string | number | boolean | null | undefined>;

  export class Element {
    constructor(name: string, attrs?: Attributes);
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    text(): string;
    append(...children: Child[]): Element;
    toString(): string;
    /** Serializes through `writer`, part by part (toString and sending use it). */
    write(writer: (part: string) => void): void;
  }

  /** The stream parser xmpp.js connections instantiate (`entity.Parser`): written text, emits elements. */
  export class Parser extends EventEmitter {
    write(data: string): void;
    end(data?: string): void;
  }

  type ElementClass = typeof Element;
  function xml(name: string, attrs?: Attributes | null, ...children: Array<Child | Child[]>): Element;
  /** The class, for ESM importers: the package is CommonJS, so only the default export is reliable. */
  namespace xml {
    const Element: ElementClass;
    const Parser: typeof import('@xmpp/xml').Parser;
  }
  export default xml;
}
