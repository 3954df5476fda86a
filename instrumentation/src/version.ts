// The package version, for kansoku_build_info and the tracer's instrumentation scope.
// Kept in step with package.json by a test.
export const LIBRARY_NAME = '@kansoku/instrumentation';
export const LIBRARY_VERSION = '0.1.0';
