/**
 * A Dockerfile read through dockerfile-ast (the parser behind the Dockerfile language server) into what the
 * tests check: its stages, and for each its base image, COPY instructions, ENV, EXPOSE, USER, ENTRYPOINT,
 * CMD, HEALTHCHECK and STOPSIGNAL, with exec-form (JSON) arguments decoded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';

export interface CopyStep {
  sources: string[];
  destination: string;
  /** --from=<stage or image>, when the files come from another stage. */
  from?: string;
  /** --chmod=<octal>, when given. */
  chmod?: string;
}

export interface Stage {
  name?: string;
  image: string;
  imageName: string;
  tag?: string;
  digest?: string;
  copies: CopyStep[];
  env: Record<string, string | undefined>;
  expose: number[];
  user?: string;
  entrypoint?: string[];
  cmd?: string[];
  /** The HEALTHCHECK's CMD in exec form, and its flags (--interval=10s …). */
  healthcheck?: { cmd: string[]; flags: Record<string, string> };
  stopSignal?: string;
}

export interface DockerfileModel {
  path: string;
  stages: Stage[];
  final: Stage;
  /** Every problem the parser or this reader found (unparsed exec form, unknown instruction …). */
  problems: string[];
}

function execForm(instruction: Instruction, problems: string[]): string[] {
  const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  if (json.length === 0) {
    problems.push(
      `${instruction.getKeyword()} on line ${instruction.getRange().start.line + 1} is not in exec (JSON) form`,
    );
    return [];
  }
  return json.map((s) => s.getJSONValue());
}

function flagsOf(instruction: Instruction): { getName(): string; getValue(): string | null }[] {
  return (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags();
}

function flagValue(instruction: Instruction, name: string): string | undefined {
  return (
    flagsOf(instruction)
      .find((f) => f.getName() === name)
      ?.getValue() ?? undefined
  );
}

function applyInstruction(stage: Stage, instruction: Instruction, problems: string[]): void {
  const args = instruction.getArguments().map((a) => a.getValue());
  switch (instruction.getKeyword()) {
    case 'COPY': {
      const positional = args;
      stage.copies.push({
        sources: positional.slice(0, -1),
        destination: positional.at(-1) ?? '',
        from: flagValue(instruction, 'from'),
        chmod: flagValue(instruction, 'chmod'),
      });
      return;
    }
    case 'ENV':
      for (const property of (
        instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }
      ).getProperties())
        stage.env[property.getName()] = property.getValue() ?? '';
      return;
    case 'EXPOSE':
      stage.expose.push(...args.map((a) => Number(a.replace(/\/tcp$/, ''))));
      return;
    case 'USER':
      stage.user = args[0];
      return;
    case 'ENTRYPOINT':
      stage.entrypoint = execForm(instruction, problems);
      return;
    case 'CMD':
      stage.cmd = execForm(instruction, problems);
      return;
    case 'STOPSIGNAL':
      stage.stopSignal = args[0];
      return;
    case 'HEALTHCHECK': {
      const flags = Object.fromEntries(flagsOf(instruction).map((f) => [f.getName(), f.getValue() ?? '']));
      const content = instruction.getArgumentsContent() ?? '';
      const match = /^CMD\s+(\[.*\])\s*$/s.exec(content);
      const json = match?.[1];
      let cmd: string[] = [];
      try {
        if (json) cmd = JSON.parse(json) as string[];
      } catch {
        problems.push('HEALTHCHECK CMD is not valid JSON');
      }
      if (cmd.length === 0) problems.push('HEALTHCHECK must be CMD in exec (JSON) form');
      stage.healthcheck = { cmd, flags };
      return;
    }
  }
}

/** Parses `path` (relative to `root`); throws when the file does not start a stage with FROM. */
export function readDockerfile(root: string, path: string): DockerfileModel {
  const text = readFileSync(join(root, path), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const problems: string[] = [];
  const stages: Stage[] = [];
  let current: Stage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as unknown as {
        getImage(): string | null;
        getImageName(): string | null;
        getImageTag(): string | null;
        getImageDigest(): string | null;
        getBuildStage(): string | null;
      };
      current = {
        name: from.getBuildStage() ?? undefined,
        image: from.getImage() ?? '',
        imageName: from.getImageName() ?? '',
        tag: from.getImageTag() ?? undefined,
        digest: from.getImageDigest() ?? undefined,
        copies: [],
        env: {},
        expose: [],
      };
      stages.push(current);
      continue;
    }
    if (!current) {
      if (instruction.getKeyword() !== 'ARG') problems.push(`${instruction.getKeyword()} before the first FROM`);
      continue;
    }
    applyInstruction(current, instruction, problems);
  }
  const final = stages.at(-1);
  if (!final) throw new Error(`${path}: no FROM`);
  return { path, stages, final, problems };
}
