import numpy as np, json
from scipy.optimize import linprog
exec(open(__file__.replace("exp-poles.py", "exp-poles-cf.py")).read().split("for n in")[0])
def fit2(zk):
    # one pole per conjugate pair (Im>=0); r(w) = r0 - sum Re(c_j/(w+z_j)); r(0)=1, r'(0)=-1
    zs = [z for z in zk if z.imag >= -1e-12]
    zs = [complex(z.real, abs(z.imag)) if abs(z.imag)>1e-12 else complex(z.real,0) for z in zs]
    w = np.concatenate([[0], np.logspace(-5, 5, 4000), [1e7]])
    cols=[np.ones_like(w)]; 
    for z in zs:
        cols.append((-1/(w+z)).real)
        if z.imag != 0: cols.append((-1j/(w+z)).real)  # coefficient imag part
    Ar = np.array(cols).T; nv = Ar.shape[1]
    f = np.exp(-w)
    # equality rows
    r0row = Ar[0]; d0 = [0.0]
    for z in zs:
        d0.append((1/z**2).real)
        if z.imag != 0: d0.append((1j/z**2).real)
    Aeq = np.array([np.append(r0row,0), np.append(d0,0)]); beq = np.array([1.0, -1.0])
    cobj = np.zeros(nv+1); cobj[-1]=1
    Aub = np.block([[Ar, -np.ones((len(w),1))],[-Ar, -np.ones((len(w),1))]])
    res = linprog(cobj, A_ub=Aub, b_ub=np.concatenate([f,-f]), A_eq=Aeq, b_eq=beq, bounds=[(None,None)]*nv+[(0,None)], method='highs')
    x = res.x
    out=[]; k=1
    for z in zs:
        if z.imag != 0: out.append((z, complex(x[k], x[k+1]))); k+=2
        else: out.append((z, complex(x[k],0))); k+=1
    return x[0], out, x[-1]
def check(r0, out):
    w = np.concatenate([[0], np.logspace(-6, 7, 300000)])
    r = r0 - sum((c/(w+z)).real for z,c in out)
    return np.max(np.abs(r-np.exp(-w)))
res={}
for n in [4,5,6,7]:
    zk,_ = cf(n)
    r0,out,err = fit2(zk)
    print(n, err, check(r0,out), 'r0', r0)
    for z,c in out: print('   z', repr(z.real), repr(z.imag), 'c', repr(c.real), repr(c.imag))
    res[n] = dict(r0=r0, poles=[[z.real,z.imag,c.real,c.imag] for z,c in out], err=check(r0,out))
json.dump(res, open('exp-poles.json','w'))
