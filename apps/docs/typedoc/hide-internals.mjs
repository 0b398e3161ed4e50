// @ts-check
// TypeDoc plugin: members whose name starts with `_` are the runtime's
// cross-module internals (public to TypeScript, not to users), so the API
// reference leaves them out, along with the warnings about the internal
// types they mention.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of project.getReflectionsByKind(ReflectionKind.All)) {
      if (reflection.name.startsWith('_') && reflection.kindOf(ReflectionKind.ClassMember)) {
        project.removeReflection(reflection);
      }
    }
  });
}
