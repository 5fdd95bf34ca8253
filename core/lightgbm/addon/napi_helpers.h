// Argument readers and LightGBM error checks shared by the addon's classes.
#pragma once
#include <napi.h>
#include <LightGBM/c_api.h>

#include <cstdint>
#include <string>
#include <vector>

namespace candlecast {

inline void Check(Napi::Env env, int code) {
  if (code != 0) {
    const char* msg = LGBM_GetLastError();
    throw Napi::Error::New(env, std::string("LightGBM: ") + (msg ? msg : "unknown error"));
  }
}

struct MatrixArg {
  const void* data = nullptr;
  int dtype = C_API_DTYPE_FLOAT64;
  size_t length = 0;
};

inline MatrixArg ReadMatrix(const Napi::Value& value, const char* what) {
  Napi::Env env = value.Env();
  if (!value.IsTypedArray()) {
    throw Napi::TypeError::New(env, std::string(what) + " must be a Float64Array or Float32Array");
  }
  auto arr = value.As<Napi::TypedArray>();
  MatrixArg m;
  m.length = arr.ElementLength();
  if (arr.TypedArrayType() == napi_float64_array) {
    m.dtype = C_API_DTYPE_FLOAT64;
    m.data = arr.As<Napi::Float64Array>().Data();
  } else if (arr.TypedArrayType() == napi_float32_array) {
    m.dtype = C_API_DTYPE_FLOAT32;
    m.data = arr.As<Napi::Float32Array>().Data();
  } else {
    throw Napi::TypeError::New(env, std::string(what) + " must be a Float64Array or Float32Array");
  }
  return m;
}

inline int32_t ReadInt(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  }
  return info[i].As<Napi::Number>().Int32Value();
}

inline std::string ReadString(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  }
  return info[i].As<Napi::String>().Utf8Value();
}

inline Napi::Array StringsToArray(Napi::Env env, const std::vector<std::string>& items) {
  Napi::Array out = Napi::Array::New(env, items.size());
  for (size_t i = 0; i < items.size(); ++i) out.Set(static_cast<uint32_t>(i), items[i]);
  return out;
}

// Reads a list of strings through LightGBM's two-pass (size, then copy) convention.
template <typename Fn>
inline std::vector<std::string> ReadStringList(Napi::Env env, int count, Fn call) {
  size_t bufLen = 256;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<std::vector<char>> storage(count, std::vector<char>(bufLen));
    std::vector<char*> ptrs(count);
    for (int i = 0; i < count; ++i) ptrs[i] = storage[i].data();
    int outLen = 0;
    size_t needed = 0;
    Check(env, call(count, &outLen, bufLen, &needed, ptrs.data()));
    if (needed <= bufLen) {
      std::vector<std::string> out;
      for (int i = 0; i < outLen && i < count; ++i) out.emplace_back(ptrs[i]);
      return out;
    }
    bufLen = needed;
  }
  throw Napi::Error::New(env, "LightGBM: could not read string list");
}

}  // namespace candlecast
