#!/usr/bin/env python3
# Manifest oddities on ctl-first-dropped (S#1 withheld, no from): can the scope be made to look like "no from"
# to a reader while the verifier sees one, or vice versa?
import sys, json; sys.path.insert(0, "/tmp/rt12"); import lib
H = "/tmp/rt12/base/honest/"; O = "/tmp/rt12/odd/"
log = lib.Log(H + "full.v5.evb")
def case(name, mb, src="streamS", pred=lambda r: r["seq"] != 1):
    e = lib.read(H + f"{src}.v5.evb"); lib.keep_receipts(e, log, pred); lib.write(e, O + name + ".evb", mb)
def raw(sub):
    def f(m):
        return sub(lib.cb.canonical(m).decode()).encode() + b"\n"
    return f
case("dup-from-key", raw(lambda s: s.replace('"from":null', '"from":null,"from":"1970-01-01T00:00:00.000Z"')))
case("from-empty", raw(lambda s: s.replace('"from":null', '"from":""')))
case("from-missing", raw(lambda s: s.replace('"from":null,', '')))
case("from-escaped", raw(lambda s: s.replace('"from":null', '"\\u0066rom":"1970-01-01T00:00:00.000Z"')))
case("scope-dup-object", raw(lambda s: s.replace('"scope":{', '"scope":{"from":"1970-01-01T00:00:00.000Z"},"scope":{')))
case("decision-empty", raw(lambda s: s.replace('"decision":null', '"decision":""')))
case("from-offset-tz", raw(lambda s: s.replace('"from":null', '"from":"1970-01-01T00:00:00.000+00:00"')))
case("from-far-future-to", raw(lambda s: s.replace('"to":null', '"to":"9999-12-31T23:59:59.999Z"')))
