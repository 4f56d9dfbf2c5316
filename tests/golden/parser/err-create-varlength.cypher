CREATE ()-[:FOO*2]->()
