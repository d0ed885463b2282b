import numpy as np
from scipy.optimize import linprog
def cf(n, K=75, nf=1024, scl=9.0):
    w = np.exp(2j*np.pi*np.arange(nf)/nf); t = w.real
    F = np.exp(scl*(t-1)/(t+1+1e-16))
    c = np.real(np.fft.fft(F))/nf
    from scipy.linalg import hankel, svd
    H = hankel(c[1:K+1])
    U,S,Vh = svd(H)
    v = Vh[n,:].conj()
    zr = np.roots(v); qk = zr[np.abs(zr)>1]
    zk = scl*(qk-1)**2/(qk+1)**2
    return zk, S[n]
def fit(zk):
    # residues + constant minimising max |r(w)-exp(-w)| on w in [0, inf) ; r(w) = r0 - sum c_j/(w+z_j)
    w = np.concatenate([[0], np.logspace(-4, 4, 3000), [1e6]])
    cols = [np.ones_like(w)+0j] + [-1/(w+z) for z in zk]
    A = np.array(cols).T  # complex
    # unknowns real/imag of each coefficient: enforce conj symmetry by real-part evaluation
    Ar = np.concatenate([A.real, -A.imag], axis=1)  # Re(A c) = Ar @ [cr, ci]
    nv = Ar.shape[1]
    f = np.exp(-w)
    # minimise s s.t. |Ar x - f| <= s
    cobj = np.zeros(nv+1); cobj[-1] = 1
    Aub = np.block([[Ar, -np.ones((len(w),1))],[-Ar, -np.ones((len(w),1))]])
    bub = np.concatenate([f, -f])
    res = linprog(cobj, A_ub=Aub, b_ub=bub, bounds=[(None,None)]*nv+[(0,None)], method='highs')
    x = res.x[:-1]; cvals = x[:nv//2] + 1j*x[nv//2:]
    return cvals, res.x[-1]
for n in [3,4,5,6,7,8]:
    zk, s = cf(n)
    cvals, err = fit(zk)
    # check on dense grid
    w = np.concatenate([[0], np.logspace(-5, 6, 200000)])
    r = cvals[0] - sum(c/(w+z) for c,z in zip(cvals[1:], zk))
    print(n, 'cf sigma', s, 'lp err', err, 'check', np.max(np.abs(r.real - np.exp(-w))), 'imag', np.max(np.abs(r.imag)))
    print('  poles', zk)
