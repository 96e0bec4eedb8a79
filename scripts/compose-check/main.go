// compose-check loads docker-compose.yml as Docker Compose does (with compose-go, the library Compose itself
// uses) and evaluates .dockerignore rules as the Docker builder does (moby/patternmatcher), so the test suite
// can check both on a machine without Docker. Built by scripts/provision.sh into ~/.cache/streamhub.
//
//	compose-check compose [-env-file FILE]... [-env KEY=VALUE]... COMPOSE_FILE
//	    Loads the file with exactly those variables (no process environment, no .env beside it; -env wins
//	    over -env-file) and prints the resolved services as JSON; exits 1 with Compose's error.
//	compose-check env ENV_FILE
//	    Prints the variables Compose reads from an env file (its dotenv parser), as JSON.
//	compose-check dockerignore IGNORE_FILE PATH...
//	    Prints "excluded PATH" or "included PATH" for each path of the build context.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

type list []string

func (l *list) String() string     { return fmt.Sprint(*l) }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

type service struct {
	Image       string            `json:"image,omitempty"`
	Build       bool              `json:"build"`
	Environment map[string]string `json:"environment"`
	Ports       []string          `json:"ports"`
	DependsOn   []string          `json:"dependsOn"`
}

func loadCompose(args []string) error {
	fs := flag.NewFlagSet("compose", flag.ContinueOnError)
	var envFiles, envs list
	fs.Var(&envFiles, "env-file", "a file of KEY=VALUE lines (repeatable)")
	fs.Var(&envs, "env", "KEY=VALUE (repeatable; wins over -env-file)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: compose-check compose [-env-file FILE]... [-env KEY=VALUE]... COMPOSE_FILE")
	}
	file, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return err
	}
	vars := map[string]string{}
	if len(envFiles) > 0 {
		fromFiles, err := dotenv.GetEnvFromFile(map[string]string{}, envFiles)
		if err != nil {
			return err
		}
		for k, v := range fromFiles {
			vars[k] = v
		}
	}
	opts, err := cli.NewProjectOptions([]string{file},
		cli.WithName("streamhub"),
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithEnv(envs),
		func(o *cli.ProjectOptions) error {
			for k, v := range vars {
				if _, set := o.Environment[k]; !set {
					o.Environment[k] = v
				}
			}
			return nil
		},
	)
	if err != nil {
		return err
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		return err
	}
	out := map[string]service{}
	for name, s := range project.Services {
		env := map[string]string{}
		for k, v := range s.Environment {
			if v != nil {
				env[k] = *v
			}
		}
		ports := []string{}
		for _, p := range s.Ports {
			ports = append(ports, fmt.Sprintf("%s:%d/%s", p.Published, p.Target, p.Protocol))
		}
		deps := []string{}
		for d := range s.DependsOn {
			deps = append(deps, d)
		}
		sort.Strings(deps)
		out[name] = service{Image: s.Image, Build: s.Build != nil, Environment: env, Ports: ports, DependsOn: deps}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"services": out, "volumes": len(project.Volumes)})
}

func readEnvFile(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: compose-check env ENV_FILE")
	}
	vars, err := dotenv.GetEnvFromFile(map[string]string{}, args)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(vars)
}

func checkIgnore(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: compose-check dockerignore IGNORE_FILE PATH...")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		return err
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return err
	}
	for _, p := range args[1:] {
		excluded, err := pm.MatchesOrParentMatches(filepath.ToSlash(filepath.Clean(p)))
		if err != nil {
			return err
		}
		verdict := "included"
		if excluded {
			verdict = "excluded"
		}
		fmt.Printf("%s %s\n", verdict, p)
	}
	return nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check compose|env|dockerignore ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "compose":
		err = loadCompose(os.Args[2:])
	case "env":
		err = readEnvFile(os.Args[2:])
	case "dockerignore":
		err = checkIgnore(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
