// mailsplit is CommonJS with no published types; only what we use is declared.
declare module 'mailsplit' {
  import type { Transform } from 'node:stream';
  export interface SplitterOptions {
    ignoreEmbedded?: boolean;
    maxHeadSize?: number;
    maxChildNodes?: number;
  }
  export interface MimeHeaders {
    get(key: string): string[];
    getFirst(key: string): string;
    getList(): { key: string; line: string }[];
    build(lineLength?: number): Buffer;
  }
  export interface SplitterNode {
    type: 'node';
    root: boolean;
    headers: MimeHeaders;
    contentType: string | false;
    charset: string | false;
    encoding: string | false;
    multipart: string | false;
    parentNode: SplitterNode | false;
    filename: string | false;
    getHeaders(): Buffer;
  }
  export interface SplitterData {
    type: 'data' | 'body';
    value: Buffer;
    node?: SplitterNode;
  }
  export class Splitter extends Transform {
    constructor(options?: SplitterOptions);
  }
  export class Joiner extends Transform {}
  export class Headers implements MimeHeaders {
    constructor(headers: Buffer | string, config?: object);
    get(key: string): string[];
    getFirst(key: string): string;
    getList(): { key: string; line: string }[];
    build(lineLength?: number): Buffer;
  }
  const mailsplit: { Splitter: typeof Splitter; Joiner: typeof Joiner; Headers: typeof Headers };
  export default mailsplit;
}
