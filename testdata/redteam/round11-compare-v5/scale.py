# scaling of compare with number of runs (sparse selections)
import sys; sys.path.insert(0,'.'); from big import mkbig
N=int(sys.argv[1]); mkbig('sc_%d.evb'%N,2*N,list(range(0,2*N,2)))
