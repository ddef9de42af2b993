module 0wren/toolkitenv

go 1.26.0
