"""Int8 copy of the exported story model: onnx/model.onnx -> onnx/model_quantized.onnx, the file
@huggingface/transformers loads for `dtype: "q8"`.

    /usr/bin/python3 ml/lm/train/quantize.py --model ml/lm/story-model

Debian packages no onnxruntime for Python (shared/notes/story-model-facts.md), so onnxruntime's own
quantize_dynamic is not at hand: this is our own small pass. Every MatMul whose second input is a constant 2-D
float weight [K, N] (per layer c_attn, c_proj and the two MLP projections, and the tied LM head, which the export
constant-folds into its own [n_embd, vocab] initializer) becomes a com.microsoft DynamicQuantizeMatMul:
onnxruntime quantises the activations to uint8 per call, the weights are stored as int8, symmetric (zero point 0)
with one scale per output column (max |w| of the column / 127). A directly following Add of a constant bias [N]
is folded into the node's bias input. Everything else stays as exported, the embedding Gathers included (fp32).

--reduce-range stores 7-bit weights (|q| <= 63): onnxruntime's u8 x s8 kernel on AVX2/AVX-512 CPUs without VNNI
(VPMADDUBSW) can saturate int16 pair sums with full-range weights; 7 bits cannot.
"""
import argparse
import pathlib

import numpy as np
import onnx
from onnx import helper, numpy_helper

MS_DOMAIN = "com.microsoft"


def quantize_columns(w: np.ndarray, qmax: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric per-column int8: w ~= q * scale[None, :]."""
    scale = np.abs(w).max(axis=0) / qmax
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale[None, :]), -qmax, qmax).astype(np.int8)
    return q, scale


def quantize(model: onnx.ModelProto, qmax: int) -> tuple[int, int, float]:
    """Rewrites the graph in place; returns (MatMuls rewritten, biases folded, worst relative RMS weight error)."""
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in g.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    graph_outputs = {o.name for o in g.output}

    quantized: dict[str, tuple[str, str, str]] = {}  # float weight -> (int8, scale, zero point) names
    new_inits: list[onnx.TensorProto] = []
    drop_nodes: set[int] = set()  # ids of folded Add nodes
    replaced: dict[int, onnx.NodeProto] = {}
    rewritten = folded = 0
    worst = 0.0
    for node in g.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        weight = inits[node.input[1]]
        if weight.data_type != onnx.TensorProto.FLOAT or len(weight.dims) != 2:
            continue
        n = weight.dims[1]
        if weight.name not in quantized:
            w = numpy_helper.to_array(weight)
            q, scale = quantize_columns(w, qmax)
            err = np.linalg.norm(q.astype(np.float32) * scale - w) / max(np.linalg.norm(w), 1e-12)
            worst = max(worst, float(err))
            names = (f"{weight.name}_quantized", f"{weight.name}_scale", f"{weight.name}_zero_point")
            new_inits += [
                numpy_helper.from_array(q, names[0]),
                numpy_helper.from_array(scale, names[1]),
                numpy_helper.from_array(np.zeros(n, dtype=np.int8), names[2]),
            ]
            quantized[weight.name] = names
        q_name, scale_name, zp_name = quantized[weight.name]

        # Fold MatMul -> Add(bias) when the MatMul output feeds only that Add and the bias is a constant [N].
        inputs = [node.input[0], q_name, scale_name, zp_name]
        output = node.output[0]
        users = consumers.get(output, [])
        if len(users) == 1 and users[0].op_type == "Add" and output not in graph_outputs:
            add = users[0]
            other = add.input[1] if add.input[0] == output else add.input[0]
            bias = inits.get(other)
            if (
                bias is not None
                and bias.data_type == onnx.TensorProto.FLOAT
                and list(bias.dims) == [n]
                and other != output
            ):
                inputs.append(other)
                output = add.output[0]
                drop_nodes.add(id(add))
                folded += 1
        replaced[id(node)] = helper.make_node(
            "DynamicQuantizeMatMul", inputs, [output], name=f"{node.name}_quant", domain=MS_DOMAIN
        )
        rewritten += 1

    nodes = [replaced.get(id(node), node) for node in g.node if id(node) not in drop_nodes]
    del g.node[:]
    g.node.extend(nodes)

    # Float weights no node reads any more go; the int8 copies, scales and zero points come in.
    used = {name for node in g.node for name in node.input}
    kept = [t for t in g.initializer if t.name in used]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    kept_inputs = [i for i in g.input if i.name not in inits or i.name in used]
    del g.input[:]
    g.input.extend(kept_inputs)
    # Shapes recorded for tensors that no longer exist (the folded MatMul outputs) would dangle.
    produced = {name for node in g.node for name in node.output} | {i.name for i in g.input}
    kept_info = [v for v in g.value_info if v.name in produced]
    del g.value_info[:]
    g.value_info.extend(kept_info)

    if not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    return rewritten, folded, worst


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="ml/lm/story-model", help="exported model folder (with onnx/model.onnx)")
    p.add_argument("--reduce-range", action="store_true", help="7-bit weights (non-VNNI x86 saturation)")
    args = p.parse_args()
    src = pathlib.Path(args.model) / "onnx" / "model.onnx"
    dst = src.with_name("model_quantized.onnx")
    model = onnx.load(str(src))
    matmuls = sum(node.op_type == "MatMul" for node in model.graph.node)
    rewritten, folded, worst = quantize(model, 63 if args.reduce_range else 127)
    if rewritten == 0:
        raise SystemExit(f"no MatMul with a constant 2-D float weight in {src}")
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    before, after = src.stat().st_size, dst.stat().st_size
    print(
        f"rewrote {rewritten} of {matmuls} MatMuls to DynamicQuantizeMatMul ({folded} biases folded; the rest "
        f"multiply activations by activations), worst relative RMS weight error {worst:.2%}"
    )
    print(f"{src}: {before / 1e6:.2f} MB -> {dst}: {after / 1e6:.2f} MB ({after / before:.0%})")


if __name__ == "__main__":
    main()
