// The part of markdown-it (a devDependency, without bundled types) the packet tests use.
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    render(source: string): string;
  }
  export default MarkdownIt;
}
