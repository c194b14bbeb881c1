// node-nlp ships no type declarations; the bench narrows what it uses itself.
declare module 'node-nlp' {
  const nlp: unknown;
  export default nlp;
}
