#include <catch2/catch.hpp>

#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/tree.h"
#include "linter/formats/compose/workflow.h"

using namespace stacklint;
using namespace stacklint::compose;

namespace {
const std::map<std::string, std::string> vars = {{"A", "a"}, {"EMPTY", ""}, {"B_2", "b"}, {"NEST", "n"}};
std::string sub(const char* s) {
  return substitute(s, vars).value;
}
}  // namespace

TEST_CASE("interpolation: every form") {
  CHECK(sub("$A") == "a");
  CHECK(sub("${A}") == "a");
  CHECK(sub("x${B_2}y") == "xby");
  CHECK(sub("$A$A") == "aa");
  CHECK(sub("$A-x") == "a-x");
  CHECK(sub("${UNSET:-d}") == "d");
  CHECK(sub("${EMPTY:-d}") == "d");
  CHECK(sub("${EMPTY-d}") == "");
  CHECK(sub("${UNSET-d}") == "d");
  CHECK(sub("${A:-d}") == "a");
  CHECK(sub("${A:+alt}") == "alt");
  CHECK(sub("${EMPTY:+alt}") == "");
  CHECK(sub("${EMPTY+alt}") == "alt");
  CHECK(sub("${UNSET+alt}") == "");
  CHECK(sub("${A?err}") == "a");
  CHECK(sub("$$A") == "$A");
  CHECK(sub("$${A}") == "${A}");
  CHECK(sub("cost: 5$") == "cost: 5$");
  CHECK(sub("$ 5") == "$ 5");
  CHECK(sub("${UNSET:-${NEST}}") == "n");
  CHECK(sub("${UNSET:-${UNSET2:-deep}}") == "deep");
  CHECK(sub("${UNSET:-a-${A}-b}") == "a-a-b");
}

TEST_CASE("interpolation: unset variables are recorded with their range") {
  const Substitution s = substitute("x ${MISSING} $OTHER ${UNSET:-ok}", vars);
  CHECK(s.value == "x   ok");
  REQUIRE(s.unset.size() == 2);
  CHECK(s.unset[0].name == "MISSING");
  CHECK(s.unset[0].begin == 2);
  CHECK(s.unset[0].end == 12);
  CHECK(s.unset[1].name == "OTHER");
  // An unused default is not evaluated.
  CHECK(substitute("${A:-${NOPE}}", vars).unset.empty());
}

TEST_CASE("interpolation: required variables and invalid templates") {
  // A linter goes on: the required variable is recorded (compose/unset-variable), the value is "".
  Substitution s = substitute("x${DB_PASSWORD:?set it in .env}y", vars);
  CHECK(s.ok);
  CHECK(s.value == "xy");
  REQUIRE(s.unset.size() == 1);
  CHECK(s.unset[0].name == "DB_PASSWORD");
  CHECK(s.unset[0].required);
  CHECK(s.unset[0].message == "set it in .env");
  CHECK(s.unset[0].begin == 1);
  CHECK(s.unset[0].end == 31);
  s = substitute("${EMPTY:?}", vars);
  REQUIRE(s.unset.size() == 1);
  CHECK(s.unset[0].required);
  CHECK(s.unset[0].message.empty());
  CHECK(substitute("${EMPTY?x}", vars).ok);
  s = substitute("${}", vars);
  CHECK_FALSE(s.ok);
  CHECK(s.error.find("invalid interpolation format \"${}\"") == 0);
  CHECK_FALSE(substitute("${A", vars).ok);
  CHECK_FALSE(substitute("${A*b}", vars).ok);
}

TEST_CASE(".env parsing") {
  const std::map<std::string, std::string> env = {{"FROM_ENV", "e"}};
  const Dotenv d = parse_dotenv(
      "# comment\n"
      "A=1\n"
      "export B=two words # trailing comment\n"
      "C='literal $A # not a comment'\n"
      "D=\"line\\nnext $A \\\"q\\\"\"\n"
      "E=${A}-x\n"
      "F=a#b\n"
      "G:colon\n"
      "FROM_ENV\n"
      "NOT_IN_ENV\n"
      "  H = spaced  \n"
      "I=\n"
      "M='multi\nline'\n",
      env);
  REQUIRE(d.errors.empty());
  std::map<std::string, std::string> m(d.values.begin(), d.values.end());
  CHECK(m["A"] == "1");
  CHECK(m["B"] == "two words");
  CHECK(m["C"] == "literal $A # not a comment");
  CHECK(m["D"] == "line\nnext 1 \"q\"");
  CHECK(m["E"] == "1-x");
  CHECK(m["F"] == "a#b");
  CHECK(m["G"] == "colon");
  CHECK(m["FROM_ENV"] == "e");
  CHECK(m.count("NOT_IN_ENV") == 0);
  CHECK(m["H"] == "spaced");
  CHECK(m["I"] == "");
  CHECK(m["M"] == "multi\nline");
}

TEST_CASE(".env errors carry the line") {
  const Dotenv d = parse_dotenv("A=1\nB='open\n", {});
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].line == 2);
  CHECK(d.errors[0].message == "unterminated quoted value for 'B'");
}

TEST_CASE("names of committed .env templates") {
  for (const char* name :
       {".env.example", ".env.sample", ".env.template", ".env.dist", "env.example", ".env.example_docker",
        ".env.docker.example", ".env-sample", "example.env", "sample.env", ".env.tmpl"}) {
    INFO(name);
    CHECK(is_env_template_name(name));
  }
  for (const char* name : {".env", "env", ".env.local", ".env.production", "app.env.example", "examples.env", ".envrc",
                           "example", ".env.", "my.env"}) {
    INFO(name);
    CHECK_FALSE(is_env_template_name(name));
  }
}

TEST_CASE("commented_assignments finds the assignments a template comments out, not prose", "[compose][dotenv]") {
  const std::string text =
      "# Optional settings\n"
      "# ALERT_URL=http://alertmanager:9093\n"
      "  #export TOKEN_PATH=/run/secrets/token\n"
      "## _DEBUG=1\n"
      "# Note = not an assignment\n"
      "# PG_VERSION is set by the deploy script\n"
      "# 9LIVES=x\n"
      "#export \n"
      "# TOKEN=\n"
      "# QUOTED=\"\"\n"
      "SET=1\n";
  const auto found = commented_assignments(text);
  REQUIRE(found.size() == 5);
  CHECK(found[0] == std::pair<std::string, uint32_t>{"ALERT_URL", 2});
  CHECK(found[1] == std::pair<std::string, uint32_t>{"TOKEN_PATH", 3});
  CHECK(found[2] == std::pair<std::string, uint32_t>{"_DEBUG", 4});
  CHECK(found[3] == std::pair<std::string, uint32_t>{"TOKEN", 9});  // a blank left off
  CHECK(found[4] == std::pair<std::string, uint32_t>{"QUOTED", 10});
}

TEST_CASE("commented_assignments: blanks are left off unless their comment calls them required", "[compose][dotenv]") {
  const std::string text =
      "### If using AWS KMS\n"
      "# SIGNER_TYPE=aws_kms\n"
      "# AWS_REGION=\n"
      "\n"
      "# Your API token (required)\n"
      "# TOKEN=\n"
      "\n"
      "# AWS_KMS_KEY_ID=\n"
      "# aws region (e.g., us-east-1)\n"
      "# SES_REGION=\n"
      "# You must set the admin e-mail\n"
      "# ADMIN_EMAIL=\n";
  const auto found = commented_assignments(text);
  REQUIRE(found.size() == 4);
  CHECK(found[0] == std::pair<std::string, uint32_t>{"SIGNER_TYPE", 2});
  CHECK(found[1] == std::pair<std::string, uint32_t>{"AWS_REGION", 3});
  CHECK(found[2] == std::pair<std::string, uint32_t>{"AWS_KMS_KEY_ID", 8});
  CHECK(found[3] == std::pair<std::string, uint32_t>{"SES_REGION", 10});
}

TEST_CASE("says_copy_to_dotenv reads the leading comment block of an env file", "[compose][dotenv]") {
  CHECK(says_copy_to_dotenv("# =====\n# Production settings\n# Copy this file to .env and change the values\nA=1\n"));
  CHECK(says_copy_to_dotenv("# rename to `.env` before `docker compose up`\nA=1\n"));
  CHECK(says_copy_to_dotenv("# cp deploy.env .env\n"));
  // Not about copying to .env, or after the first setting.
  CHECK_FALSE(says_copy_to_dotenv("# Production settings\nA=1\n"));
  CHECK_FALSE(says_copy_to_dotenv("# copy of .env.production\nA=1\n"));
  CHECK_FALSE(says_copy_to_dotenv("A=1\n# Copy this file to .env\n"));
  CHECK_FALSE(says_copy_to_dotenv("# Copy the value to my.env\n"));
}

TEST_CASE("dotenv_copies finds cp/mv commands whose destination is an .env", "[compose][dotenv]") {
  const auto found = dotenv_copies(
      "```sh\n"
      "cp .env.example .env\n"
      "cp -n ./conf/env.sample docker/.env && docker compose up -d\n"
      "  mv \"deploy.env\" './.env'\n"
      "cp $TEMPLATE .env\n"
      "cp .env .env.backup\n"
      "cp a.env b.env\n"
      "cp only-one\n"
      "echo cp\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0] == std::pair<std::string, std::string>{".env.example", ".env"});
  CHECK(found[1] == std::pair<std::string, std::string>{"./conf/env.sample", "docker/.env"});
  CHECK(found[2] == std::pair<std::string, std::string>{"deploy.env", "./.env"});
}

TEST_CASE("env_file_arguments finds the files a documented compose command passes with --env-file",
          "[compose][dotenv]") {
  const auto found = env_file_arguments(
      "docker compose --env-file=docker.env up -d\n"
      "  docker-compose --env-file 'conf/prod.env' -f compose.yml up\n"
      "docker compose --env-file $ENV_FILE up\n"
      "docker compose --env-file .env up\n"
      "kubectl apply --env-file other.env\n");
  CHECK(found == std::vector<std::string>{"docker.env", "conf/prod.env"});
}

TEST_CASE("script_exports finds what a script or Makefile exports to the compose it runs", "[compose][dotenv]") {
  const auto found = script_exports(
      "#!/bin/sh\n"
      "export CONF_CADDY=$(stat -c %Y caddy/)\n"
      "export A B\n"
      "# export COMMENTED=1\n"
      "HOSTNAME=$HOSTNAME TAG=v1 docker compose up -d\n"
      "LOCAL=1 make build\n"
      "export MK_VAR := value\n");
  std::vector<std::string> names;
  for (const auto& [name, line] : found) names.push_back(name);
  CHECK(names == std::vector<std::string>{"CONF_CADDY", "A", "B", "HOSTNAME", "TAG", "MK_VAR"});
  CHECK(found[3].second == 5);
}

TEST_CASE("script_exports: setup scripts that write .env by test-and-echo or by a helper", "[compose][dotenv]") {
  const auto found = script_exports(
      "#!/bin/sh\n"
      "grep -q '^DB_NAME=' .env || echo \"DB_NAME=app\" >> .env\n"  // line 2
      "add_to_env DB_PASSWORD \"$(random_password)\"\n"             // line 3
      "set-env API_KEY\n"                                           // line 4
      "env LANG=C sort\n"                                           // the env command
      "envsubst < a > b\n"
      "load_env lowercase_name\n"
      "Add_Env NAME\n"                                // not a shell helper's name
      "grep -q x .env || echo \"NOT_WRITTEN=1\"\n");  // no redirection to .env
  std::vector<std::string> names;
  for (const auto& [name, line] : found) names.push_back(name);
  CHECK(names == std::vector<std::string>{"DB_NAME", "DB_PASSWORD", "API_KEY"});
  CHECK(found[1].second == 3);
}

TEST_CASE("script_exports: a heredoc into the dotenv a variable names", "[compose][dotenv]") {
  const auto found = script_exports(
      "#!/bin/bash\n"
      "APP_DIR=/srv/app\n"
      "ENV_FILE=\".env\"\n"
      "cat >\"$APP_DIR/$ENV_FILE\" <<ENV\n"  // line 4
      "DB_USER=app\n"                        // line 5
      "DB_PASS=${DB_PASS}\n"
      "ENV\n"
      "cat > \"$APP_DIR/notes.txt\" <<EOF\n"  // not a dotenv
      "NOT_ENV=1\n"
      "EOF\n");
  std::vector<std::string> names;
  for (const auto& [name, line] : found) names.push_back(name);
  CHECK(names == std::vector<std::string>{"DB_USER", "DB_PASS"});
  CHECK(found[0].second == 5);
}

TEST_CASE("read_unit_file: a systemd unit's Environment= and the compose commands it starts", "[compose][dotenv]") {
  const UnitFile u = read_unit_file(
      "[Unit]\n"
      "Description=worker\n"
      "[Service]\n"
      "Environment=UPLOAD_LOCATION=/mnt/upload \"LABEL=a b\"\n"  // line 4
      "Environment = TZ=UTC\n"                                   // line 5
      "EnvironmentFile=/etc/worker.env\n"
      "ExecStartPre=-/usr/bin/docker compose -f w.yml pull\n"
      "ExecStart=/usr/sbin/docker compose -f w.yml up -d\n");
  const std::vector<std::pair<std::string, uint32_t>> env = {{"UPLOAD_LOCATION", 4}, {"LABEL", 4}, {"TZ", 5}};
  CHECK(u.environment == env);
  CHECK(u.commands == "docker compose -f w.yml pull\ndocker compose -f w.yml up -d\n");
  CHECK(is_unit_file_name("immich-remote-ml.service.tpl"));
  CHECK(is_unit_file_name("worker.service"));
  CHECK_FALSE(is_unit_file_name(".service"));
  CHECK_FALSE(is_unit_file_name("service.yml"));
}

TEST_CASE("is_encrypted_env: git-crypt and ansible-vault files; a SOPS dotenv is readable", "[compose][dotenv]") {
  using namespace std::string_view_literals;
  CHECK(is_encrypted_env("\0GITCRYPT\0\x8a\x13"sv));
  CHECK(is_encrypted_env("$ANSIBLE_VAULT;1.1;AES256\n6231\n"));
  CHECK_FALSE(is_encrypted_env("TOKEN=ENC[AES256_GCM,data:q0x9,type:str]\nsops_version=3.9.1\n"));
  CHECK_FALSE(is_encrypted_env("GITCRYPT=1\nTOKEN=plain\n"));
  CHECK_FALSE(is_encrypted_env(""));
}

TEST_CASE("listed_in_comments: variables a template's comments list as bullets", "[compose][dotenv]") {
  const auto found = listed_in_comments(
      "# The deploy tool sets these:\n"
      "# - POOL_SSD (from paths.pools.SSD)\n"  // line 2
      "#  * `BASE_DOMAIN`: the domain\n"       // line 3
      "# - MEDIA_STORAGE*\n"                   // line 4: a prefix
      "# - Copy this file to .env\n"           // prose
      "# - TZ\n"                               // too short to tell from an acronym
      "# - HOST_PORT=8080\n"                   // an assignment: commented_assignments' concern
      "# -POOL_HDD\n"                          // no space after the bullet
      "- NOT_A_COMMENT\n"
      "# - PUID\n");  // line 10
  const std::vector<std::pair<std::string, uint32_t>> expected = {
      {"POOL_SSD", 2}, {"BASE_DOMAIN", 3}, {"MEDIA_STORAGE*", 4}, {"PUID", 10}};
  CHECK(found == expected);
}

TEST_CASE("script_allexport_sources: files sourced while set -a is on", "[compose][dotenv]") {
  const auto found = script_allexport_sources(
      "#!/bin/bash\n"
      ". ./before.conf\n"                   // not exported: allexport is off
      "set -a; . ./install.conf; set +a\n"  // line 3
      "source after.conf\n"                 // off again
      "set -o allexport\n"
      "source ${__current_dir}/conf/app.conf\n"  // line 6: the script's directory
      "source $HOME/.msrc\n"                     // a variable naming another directory
      "source \"$(dirname \"$0\")/x.conf\"\n"    // not taken apart
      ". /etc/default/app\n"
      "source ../outside.conf\n"
      "set +o allexport\n"
      "source late.conf\n");
  const std::vector<std::pair<std::string, uint32_t>> expected = {{"install.conf", 3}, {"conf/app.conf", 6}};
  CHECK(found == expected);
}

TEST_CASE("script_exports and readme_exports: continued lines, fenced blocks and inline code", "[compose][dotenv]") {
  const auto names = [](const std::vector<std::pair<std::string, uint32_t>>& found) {
    std::vector<std::string> out;
    for (const auto& [name, line] : found) out.push_back(name + ":" + std::to_string(line));
    return out;
  };
  CHECK(names(script_exports("TAG=1 \\\n  MODE=x \\\n  docker compose up\nNOT=1 \\\n  make\n")) ==
        std::vector<std::string>{"TAG:1", "MODE:1"});
  const std::string readme =
      "# Run\n"
      "Start it with `IMAGE=<tag> docker compose -f dev.yml up` or `OTHER=1 make`.\n"
      "PROSE=1 docker compose up is not code\n"
      "```bash\n"
      "$ TOKEN=<token> \\\n"
      "ADMIN_USER=admin \\\n"
      "docker stack deploy -c weave.yml mon\n"
      "export CONF=1\n"
      "```\n"
      "`UNCLOSED=1 docker compose up\n";
  CHECK(names(readme_exports(readme)) == std::vector<std::string>{"IMAGE:2", "TOKEN:5", "ADMIN_USER:5", "CONF:8"});
  // A block the prose line before it tells to put in `.env`: its assignments are documented; a block
  // after other prose is output, not `.env`.
  const std::string blocks =
      "Add to your root `.env` file:\n"
      "\n"
      "```\n"
      "OAUTH_CLIENT_ID=your-id\n"
      "  export OAUTH_SECRET=...\n"
      "not an assignment\n"
      "```\n"
      "The server prints:\n"
      "```\n"
      "PRINTED=1\n"
      "```\n";
  CHECK(names(readme_exports(blocks)) == std::vector<std::string>{"OAUTH_CLIENT_ID:4", "OAUTH_SECRET:5"});
  // A setup script that writes the variable into `.env`; not into another file.
  CHECK(names(script_exports("echo \"USERS=$HASHED\" >> .env\n"
                             "echo -e 'TOKEN=1' >\"$ROOT/.env\"\n"
                             "printf 'MODE=%s\\n' x >> ../.env\n"
                             "echo 'OTHER=1' >> .env.emqx\n"
                             "echo \"NOT_WRITTEN=1\"\n")) == std::vector<std::string>{"USERS:1", "TOKEN:2", "MODE:3"});
}

TEST_CASE("git_ignored reads .gitignore as git does: **/ at any depth, ! takes back, the nearest file decides") {
  MemoryFileSystem fs;
  fs.add("/r/.gitignore", "**/.env\n!apps/web/.env\nlogs/\n**/secrets/*.txt\n");
  fs.add("/r/apps/api/.gitignore", "!.env\n");
  CHECK(compose::git_ignored(fs, "/r/.env", "/r"));
  CHECK(compose::git_ignored(fs, "/r/apps/admin/.env", "/r"));
  CHECK_FALSE(compose::git_ignored(fs, "/r/apps/web/.env", "/r"));  // taken back by the root file
  CHECK_FALSE(compose::git_ignored(fs, "/r/apps/api/.env", "/r"));  // taken back by its own directory's
  CHECK(compose::git_ignored(fs, "/r/deploy/secrets/db.txt", "/r"));
  CHECK(compose::git_ignored(fs, "/r/secrets/db.txt", "/r"));
  CHECK_FALSE(compose::git_ignored(fs, "/r/secrets/db.env.example", "/r"));
  CHECK(compose::git_ignored(fs, "/r/logs/app.env", "/r"));
  CHECK_FALSE(compose::git_ignored(fs, "/r/.env.example", "/r"));
}

TEST_CASE("git_ignored: a ** segment matches any number of directories, none too (as git check-ignore says)") {
  MemoryFileSystem fs;
  fs.add("/r/.gitignore", "data/**/**\na/**/b.txt\nbuild/**\n");
  CHECK(compose::git_ignored(fs, "/r/data/x.bin", "/r"));
  CHECK(compose::git_ignored(fs, "/r/data/d/y.bin", "/r"));
  CHECK(compose::git_ignored(fs, "/r/a/b.txt", "/r"));
  CHECK(compose::git_ignored(fs, "/r/a/m/n/b.txt", "/r"));
  CHECK_FALSE(compose::git_ignored(fs, "/r/a/c.txt", "/r"));
  CHECK(compose::git_ignored(fs, "/r/build/o.o", "/r"));
  CHECK_FALSE(compose::git_ignored(fs, "/r/build", "/r"));
}

TEST_CASE("script_compose_commands: the directory and files of each compose command of a script", "[compose][dotenv]") {
  const auto found = script_compose_commands(
      "docker compose -f compose/release.yaml --file=compose/ports.yaml up -d\n"
      "cd deploy && docker-compose --env-file x.env up\n"
      "cd 'staging' \\\n  && docker compose -f a.yml run --rm app -f not-a-compose-file\n"
      "# docker compose -f commented.yml up\n"
      "cd $WORKDIR\n"
      "docker compose up\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0].subcommand == "up");
  CHECK(found[2].subcommand == "run");
  CHECK(found[0].directory.empty());
  CHECK(found[0].files == std::vector<std::string>{"compose/release.yaml", "compose/ports.yaml"});
  CHECK(found[0].line == 1);
  CHECK(found[1].directory == "deploy");
  CHECK(found[1].files.empty());
  CHECK(found[2].directory == "deploy/staging");
  CHECK(found[2].files == std::vector<std::string>{"a.yml"});
  CHECK(found[2].line == 3);
}

TEST_CASE("script_compose_commands: a cd inside $(...) leaves the script where it is", "[compose][dotenv]") {
  const auto found = script_compose_commands(
      "HERE=\"$( cd \"$( dirname \"${BASH_SOURCE[0]}\" )\" && pwd )\"\n"
      "docker-compose -f \"${HERE}/../docker-compose.yaml\" run --rm shell\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].directory.empty());
  CHECK(found[0].files == std::vector<std::string>{"${HERE}/../docker-compose.yaml"});
}

TEST_CASE("script_compose_commands: cd to a variable naming the script's directory", "[compose][dotenv]") {
  const auto found = script_compose_commands(
      "SCRIPT_DIR=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n"
      "PROJECT_ROOT=\"$( cd \"$SCRIPT_DIR/..\" && pwd )\"\n"
      "cd \"$PROJECT_ROOT\"\n"
      "docker-compose -p jit -f docker-compose.jit.yml up -d\n"
      "cd \"${SCRIPT_DIR}/e2e\"\n"
      "docker compose up\n"
      "cd \"$ELSEWHERE\"\n"
      "docker compose up\n");
  REQUIRE(found.size() == 2);
  CHECK(found[0].directory == "..");
  CHECK(found[0].script_relative);
  CHECK(found[0].files == std::vector<std::string>{"docker-compose.jit.yml"});
  CHECK(found[1].directory == "e2e");
  CHECK(found[1].script_relative);
  CHECK_FALSE(script_compose_commands("cd sub\ndocker compose up\n").front().script_relative);
}

TEST_CASE("script_compose_commands: -f \"$VAR\" is each value the script assigns VAR", "[compose][dotenv]") {
  const auto found = script_compose_commands(
      "setup() {\n"
      "  local compose_file=$1\n"
      "  docker compose -f \"$compose_file\" up -d\n"
      "}\n"
      "local compose_file=\"docker-compose/cassandra/v$major_version/docker-compose.yaml\"\n"
      "export OTHER=dev.yml\n"
      "docker compose -f \"${OTHER}\" -f \"$UNSET\" up\n");
  REQUIRE(found.size() == 2);
  CHECK(found[0].files == std::vector<std::string>{"docker-compose/cassandra/v$major_version/docker-compose.yaml"});
  CHECK(found[1].files == std::vector<std::string>{"dev.yml", "$UNSET"});
}

TEST_CASE("script_exports: a Makefile that refuses to run without a variable", "[compose][dotenv]") {
  const auto found = script_exports(
      "check:\n"
      "ifndef AGENT_KEY\n"
      "\t$(error Please set it with export AGENT_KEY=...)\n"
      "endif\n"
      "ifndef VERBOSE\n"
      "\tFLAGS = -q\n"
      "endif\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].first == "AGENT_KEY");
  CHECK(found[0].second == 2);
}

TEST_CASE("script_compose_commands: a test for the program runs no compose command", "[compose][dotenv]") {
  const auto found = script_compose_commands(
      "if ! command -v docker-compose &> /dev/null; then exit 1; fi\n"
      "which docker-compose\n"
      "type docker-compose\n"
      "docker-compose -f dev.yml up -d\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].files == std::vector<std::string>{"dev.yml"});
  CHECK(found[0].line == 4);
}

TEST_CASE("runs_project: a variable inside a path matches one directory's name", "[compose][dotenv]") {
  const std::vector<std::string> ours = {"docker-compose/cassandra/v4/docker-compose.yaml"};
  CHECK(runs_project({"docker-compose/cassandra/v$major_version/docker-compose.yaml"}, ".", ours, false));
  CHECK(runs_project({"docker-compose/${distro}/v${major}/docker-compose.yaml"}, ".", ours, false));
  CHECK_FALSE(runs_project({"docker-compose/$rest/docker-compose.yaml"}, ".", ours, false));
  CHECK_FALSE(runs_project({"docker-compose/redis/v$major_version/docker-compose.yaml"}, ".", ours, false));
}

TEST_CASE("runs_project: a file named from the script's own directory", "[compose][dotenv]") {
  const std::vector<std::string> ours = {"dev/docker-compose.yaml"};
  CHECK(runs_project({"${HERE}/../docker-compose.yaml"}, "dev/script", ours, false));
  CHECK(runs_project({"$SCRIPT_DIR/../docker-compose.yaml"}, "dev/script", ours, false));
  CHECK_FALSE(runs_project({"${HOME}/../docker-compose.yaml"}, "dev/script", ours, false));
  CHECK_FALSE(runs_project({"${HERE}/docker-compose.yaml"}, "dev/script", ours, false));
}

TEST_CASE("script_writes: the files a script's redirects, tee, cp, mv and htpasswd write, the folders of mkdir",
          "[compose][dotenv]") {
  const std::string script =
      "for i in 1 2 3; do\n"
      "  sed \"s/X/$P/\" sentinel.conf.template > \"sentinel-$i.conf\"\n"
      "done\n"
      "envsubst < app.tmpl >>conf/app.ini\n"
      "echo ok | tee -a out/log.txt\n"
      "cp -f defaults.yml ./settings.yml\n"
      "cat x > \"$OUT\"\n"
      "echo 1 > /dev/null 2>&1\n"
      "# echo > commented.yml\n";
  CHECK(script_writes(script, "sentinel-1.conf"));
  CHECK(script_writes(script, "sentinel-12.conf"));
  CHECK(script_writes(script, "app.ini"));
  CHECK(script_writes(script, "log.txt"));
  CHECK(script_writes(script, "settings.yml"));
  CHECK_FALSE(script_writes(script, "sentinel.conf"));
  CHECK_FALSE(script_writes(script, "defaults.yml"));    // cp's source
  CHECK_FALSE(script_writes(script, "prometheus.yml"));  // `> "$OUT"` names no file in particular
  CHECK_FALSE(script_writes(script, "commented.yml"));
  // `> "$OUTPUT_FILE"` after `OUTPUT_FILE="$(dirname "$0")/.env"`: the file the variable names.
  const std::string assigned =
      "OUTPUT_FILE=\"$(dirname \"$0\")/.env\"\n"
      "export CONF=conf/app.ini # written below\n"
      "printf 'A=%s\\n' \"$A\" > \"$OUTPUT_FILE\"\n"
      "echo x >> ${CONF}\n";
  CHECK(script_writes(assigned, ".env"));
  CHECK(script_writes(assigned, "app.ini"));
  CHECK_FALSE(script_writes(assigned, "OUTPUT_FILE"));
  // Folders: what mkdir makes, and the folders of a written file's path (htpasswd's FILE operand).
  const std::string folders =
      "mkdir -p \\\n"
      "  data/grafana\n"
      "htpasswd -C 12 -bc ./nginx/auth/site.htpasswd \"$U\" \"$P\"\n"
      "htpasswd -nb admin secret > /dev/null\n";
  CHECK(script_writes(folders, "grafana"));
  CHECK(script_writes(folders, "auth"));
  CHECK(script_writes(folders, "site.htpasswd"));
  CHECK(script_writes(script, "conf"));          // `>>conf/app.ini`
  CHECK_FALSE(script_writes(folders, "admin"));  // -n prints the entry; it writes no file
  CHECK_FALSE(script_writes(folders, "12"));     // -C's cost
}

TEST_CASE("stack_deploy_files: docker stack deploy's -c files and an Ansible docker_stack task's compose files",
          "[compose][dotenv]") {
  using Files = std::vector<std::pair<std::string, uint32_t>>;
  CHECK(stack_deploy_files(
            "#!/bin/sh\ndocker stack deploy \\\n  --with-registry-auth -c base.yml -c \"prod.yml\" app\n") ==
        Files{{"base.yml", 2}, {"prod.yml", 2}});
  CHECK(stack_deploy_files("docker compose -f compose.yml up -d\n").empty());
  CHECK(stack_deploy_files("- name: deploy\n  community.docker.docker_stack:\n    name: web\n    compose:\n"
                           "      - \"{{ item }}/docker-compose.yml\"\n      - extra.yml\n  loop: [a]\n") ==
        Files{{"{{ item }}/docker-compose.yml", 5}, {"extra.yml", 6}});
  CHECK(stack_deploy_files("- docker_stack:\n    compose: [a.yml, 'b.yml']\n") == Files{{"a.yml", 2}, {"b.yml", 2}});
  // A module of another name, and a `compose:` key outside the task.
  CHECK(stack_deploy_files("- my_docker_stack:\n    compose: [a.yml]\n- debug:\n    compose: [b.yml]\n").empty());
}

TEST_CASE("ansible_env_templates: the src of each task whose dest is an env file", "[compose][dotenv]") {
  using Names = std::vector<std::string>;
  CHECK(ansible_env_templates("- name: env\n  ansible.builtin.template:\n    src: env.j2\n"
                              "    dest: \"{{ stack_dir }}/.env\"\n- name: conf\n  template:\n    src: app.j2\n"
                              "    dest: /etc/app.conf\n- copy: {src: x, dest: y}\n- template:\n"
                              "    dest: '.env'\n    src: 'other.env.j2'\n") == Names{"env.j2", "other.env.j2"});
  // `.env.example` or `prod.env` is no `.env` compose reads.
  CHECK(ansible_env_templates("- template:\n    src: a.j2\n    dest: /srv/.env.example\n").empty());
}

TEST_CASE("sourced_scripts: the libraries a script sources, from its own directory", "[compose][dotenv]") {
  CHECK(sourced_scripts("HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n"
                        "source \"$HERE/../../scripts/lib.sh\"\n. ./env.sh\nsource \"$OTHER/x.sh\"\n") ==
        std::vector<std::string>{"../../scripts/lib.sh", "env.sh"});
}

TEST_CASE("workflow_compose_commands: the env of the workflow, job and step for each compose command", "[compose]") {
  const auto source = std::make_shared<const SourceFile>(".github/workflows/ci.yml",
                                                         "env:\n"
                                                         "  TOP: 1\n"
                                                         "jobs:\n"
                                                         "  a:\n"
                                                         "    env: {JOB: x}\n"
                                                         "    defaults:\n"
                                                         "      run:\n"
                                                         "        working-directory: ./deploy\n"
                                                         "    steps:\n"
                                                         "      - uses: actions/checkout@v4\n"
                                                         "      - env:\n"
                                                         "          STEP: y\n"
                                                         "        run: |\n"
                                                         "          export EXPORTED=1\n"
                                                         "          docker compose -f prod.yml up -d\n"
                                                         "      - run: make test\n"
                                                         "  b:\n"
                                                         "    steps:\n"
                                                         "      - working-directory: ${{ matrix.dir }}\n"
                                                         "        run: docker compose up\n"
                                                         "      - run: cd e2e && docker compose up\n");
  const auto found = workflow_compose_commands(source);
  REQUIRE(found.size() == 2);
  CHECK(found[0].directory == "deploy");
  CHECK(found[0].files == std::vector<std::string>{"prod.yml"});
  CHECK(found[0].line == 13);
  std::vector<std::string> vars;
  for (const auto& [name, line] : found[0].variables) vars.push_back(name + ":" + std::to_string(line));
  CHECK(vars == std::vector<std::string>{"TOP:2", "JOB:5", "STEP:12", "EXPORTED:13"});
  CHECK(found[1].directory == "e2e");
  CHECK(found[1].files.empty());
  CHECK(found[1].variables.size() == 1);
  CHECK(found[0].subcommand == "up");
  CHECK_FALSE(found[0].self_hosted);
  CHECK_FALSE(found[0].remote);
  // Where `up` deploys: the team's own runner, or a script that reaches another machine. `-p NAME`
  // is a flag's value, not the subcommand.
  const auto deploy = workflow_compose_commands(
      std::make_shared<const SourceFile>(".github/workflows/ship.yml",
                                         "jobs:\n"
                                         "  own:\n"
                                         "    runs-on: [self-hosted, linux]\n"
                                         "    steps:\n"
                                         "      - run: docker compose -p shop -f cluster.yml up -d\n"
                                         "  hosted:\n"
                                         "    runs-on: ubuntu-latest\n"
                                         "    steps:\n"
                                         "      - run: |\n"
                                         "          $SSH_CMD true\n"
                                         "          docker compose -f cluster.yml pull\n"));
  REQUIRE(deploy.size() == 2);
  CHECK(deploy[0].self_hosted);
  CHECK(deploy[0].files == std::vector<std::string>{"cluster.yml"});
  CHECK(deploy[0].subcommand == "up");
  CHECK_FALSE(deploy[1].self_hosted);
  CHECK(deploy[1].remote);
  CHECK(deploy[1].subcommand == "pull");
  // Not a workflow: nothing.
  CHECK(workflow_compose_commands(std::make_shared<const SourceFile>("x.yml", "- a\n- b\n")).empty());
}

TEST_CASE("interpolation keeping unset references as written (the words of a command)", "[compose]") {
  CHECK(substitute("a ${X} $Y ${Z:?m} ${W:-d} ${A}", vars, true).value == "a ${X} $Y ${Z:?m} d a");
  CHECK(substitute("a ${X} $Y", vars).value == "a  ");
}
