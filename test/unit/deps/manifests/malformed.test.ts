import { describe, expect, it } from 'vitest';
import { parse } from './helpers.js';

/**
 * A structure a format does not allow is an error (unreadable, which blocks),
 * never a silent pass and never only a warning: the tool that reads the file
 * would refuse it, so what it installs is unknown.
 */
async function errorsOf(path: string, text: string): Promise<string[]> {
  return (await parse(path, text)).errors.map((error) => error.message);
}

describe('malformed manifests are unreadable', () => {
  it.each([
    ['an unclosed section header', '[metadata]\nname = x\n[options\ninstall_requires =\n    jinja2==2.10\n'],
    ['an unclosed first section header', '[options\ninstall_requires =\n    jinja2==2.10\n'],
    ['keys before any section', 'install_requires = jinja2==2.10\n[options]\n'],
    ['a line that is no key = value', '[options]\ninstall_requires =\n    jinja2==2.10\njust words\n'],
    ['a repeated section', '[options]\ninstall_requires = a==1\n[options]\ninstall_requires = jinja2==2.10\n'],
    ['a repeated key', '[options]\ninstall_requires = a==1\ninstall_requires = jinja2==2.10\n'],
    ['an empty key', '[options]\n= jinja2==2.10\n'],
  ])('setup.cfg with %s (configparser raises)', async (_, text) => {
    expect(await errorsOf('setup.cfg', text)).not.toEqual([]);
  });

  it('setup.cfg that configparser reads still reads', async () => {
    const parsed = await parse('setup.cfg', '# c\n[options]\ninstall_requires =\n    jinja2==2.10\n\n    # note\n    a==1\n[x]\nk: v\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => r.name)).toEqual(['jinja2', 'a']);
  });

  it.each([
    ['default is an array', '{"default": [{"jinja2": {"version": "==2.10"}}], "develop": {}}'],
    ['develop is a string', '{"default": {}, "develop": "x"}'],
    ['an entry is a string', '{"default": {"jinja2": "==2.10"}}'],
    ['an entry has no version', '{"default": {"jinja2": {"hashes": []}}}'],
    ['a version is a number', '{"default": {"jinja2": {"version": 2.1}}}'],
    ['a version is a range', '{"default": {"jinja2": {"version": ">=2.10"}}}'],
  ])('Pipfile.lock where %s', async (_, text) => {
    expect(await errorsOf('Pipfile.lock', text)).not.toEqual([]);
  });

  it.each([
    ['version is a number', '[[package]]\nname = "jinja2"\nversion = 5.3\n'],
    ['[package] is a table', '[package]\nname = "jinja2"\nversion = "2.10"\n'],
    ['a package has no version', '[[package]]\nname = "jinja2"\n'],
    ['a package has no name', '[[package]]\nversion = "2.10"\n'],
    ['groups is a string', '[[package]]\nname = "jinja2"\nversion = "2.10"\ngroups = "dev"\n'],
    ['source is a string', '[[package]]\nname = "jinja2"\nversion = "2.10"\nsource = "git"\n'],
  ])('poetry.lock where %s', async (_, text) => {
    expect(await errorsOf('poetry.lock', text)).not.toEqual([]);
  });

  it.each([
    ['package is a table', 'version = 1\n[package]\nname = "jinja2"\nversion = "2.10"\n'],
    ['a version is a number', 'version = 1\n[[package]]\nname = "jinja2"\nversion = 2.10\nsource = { registry = "x" }\n'],
    ['an index package has no version', 'version = 1\n[[package]]\nname = "jinja2"\nsource = { registry = "x" }\n'],
    [
      'a dependency is a string',
      'version = 1\n[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "x" }\ndependencies = ["jinja2"]\n',
    ],
    [
      'dev-dependencies is a list',
      'version = 1\n[[package]]\nname = "a"\nversion = "1"\nsource = { virtual = "." }\ndev-dependencies = [{ name = "b" }]\n',
    ],
  ])('uv.lock where %s', async (_, text) => {
    expect(await errorsOf('uv.lock', text)).not.toEqual([]);
  });

  it.each([
    ['package is a table', '[package]\nname = "jinja2"\nversion = "2.10"\n'],
    ['a version is a number', '[[package]]\nname = "jinja2"\nversion = 2.10\n'],
    ['a package has no version', '[[package]]\nname = "jinja2"\n'],
    ['groups is a string', '[[package]]\nname = "jinja2"\nversion = "2.10"\ngroups = "default"\n'],
  ])('pdm.lock where %s', async (_, text) => {
    expect(await errorsOf('pdm.lock', text)).not.toEqual([]);
  });

  it.each([
    ['packages is missing', 'lock-version = "1.0"\n'],
    ['packages is a table', 'lock-version = "1.0"\n[packages]\nname = "jinja2"\nversion = "2.10"\n'],
    ['a version is a number', 'lock-version = "1.0"\n[[packages]]\nname = "jinja2"\nversion = 2.10\n'],
    ['a marker is a number', 'lock-version = "1.0"\n[[packages]]\nname = "jinja2"\nversion = "2.10"\nmarker = 1\n'],
  ])('pylock.toml where %s', async (_, text) => {
    expect(await errorsOf('pylock.toml', text)).not.toEqual([]);
  });

  it.each([
    ['a value is a number', '[packages]\njinja2 = 2.10\n'],
    ['a version is a number', '[packages]\njinja2 = { version = 2.10 }\n'],
    ['packages is an array', 'packages = ["jinja2==2.10"]\n'],
  ])('Pipfile where %s', async (_, text) => {
    expect(await errorsOf('Pipfile', text)).not.toEqual([]);
  });

  it.each([
    ['dependencies holds a number', '[project]\nname = "x"\ndependencies = ["a==1", 5]\n'],
    ['dependencies holds a table', '[project]\nname = "x"\ndependencies = [{ include-group = "dev" }]\n'],
    ['an extra holds a table', '[project]\nname = "x"\n[project.optional-dependencies]\ntest = [{ name = "a" }]\n'],
    ['a group holds a number', '[dependency-groups]\ndev = [1]\n'],
    ['a Poetry dependency is a number', '[tool.poetry.dependencies]\njinja2 = 2.10\n'],
    ['a Poetry version is a number', '[tool.poetry.dependencies]\njinja2 = { version = 2.10 }\n'],
    ['a Poetry list holds a string', '[tool.poetry.dependencies]\njinja2 = ["2.10"]\n'],
    ['a Poetry group is a string', '[tool.poetry.group]\ndev = "x"\n'],
  ])('pyproject.toml where %s', async (_, text) => {
    expect(await errorsOf('pyproject.toml', text)).not.toEqual([]);
  });
});
