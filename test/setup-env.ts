// Settings every test file starts from; a test overrides what it needs through overrideConfig().
process.env.NODE_ENV = 'test';
process.env.SECRET_KEY ??= 'test-secret-key-test-secret-key-test-secret-key';
process.env.LOG_LEVEL ??= 'silent';
process.env.ONTOLOGY_ONLINE ??= 'false';
