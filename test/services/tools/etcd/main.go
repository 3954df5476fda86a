// Command etcd is the etcd server, built from the published go.etcd.io/etcd/server/v3
// module: the etcd binary's own main package lives in etcd's root module, whose go.mod
// replaces its sibling modules with local folders and so cannot be built from the proxy.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
